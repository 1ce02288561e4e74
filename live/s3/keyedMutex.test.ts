import { describe, expect, it } from 'vitest';
import { KeyedMutex } from './keyedMutex.ts';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('KeyedMutex', () => {
  it('run(key, ...) never overlaps two sections for the same key', async () => {
    const mutex = new KeyedMutex();
    let inside = 0;
    let maxInside = 0;
    const section = async () => {
      inside++;
      maxInside = Math.max(maxInside, inside);
      await tick();
      await tick();
      inside--;
    };
    await Promise.all(Array.from({ length: 10 }, () => mutex.run('k', section)));
    expect(maxInside).toBe(1);
  });

  it('run(key, ...) lets sections for different keys overlap', async () => {
    const mutex = new KeyedMutex();
    let inside = 0;
    let maxInside = 0;
    const section = async () => {
      inside++;
      maxInside = Math.max(maxInside, inside);
      await tick();
      inside--;
    };
    await Promise.all(['a', 'b', 'c'].map((key) => mutex.run(key, section)));
    expect(maxInside).toBe(3);
  });

  it('run(key, ...) releases the key when a section throws', async () => {
    const mutex = new KeyedMutex();
    await expect(mutex.run('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(mutex.run('k', async () => 42)).resolves.toBe(42);
  });
});
