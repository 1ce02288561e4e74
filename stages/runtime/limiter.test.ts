import { describe, expect, it } from 'vitest';
import { gate } from '../runtime/testing.ts';
import { LimiterOptionsError, createLimiter } from './limiter.ts';

describe('createLimiter', () => {
  it('createLimiter(2).run() starts at most two tasks and the rest in arrival order', async () => {
    const limiter = createLimiter(2);
    const gates = [gate(), gate(), gate(), gate()];
    const started: number[] = [];
    const done = gates.map((g, i) => limiter.run(async () => {
      started.push(i);
      await g.promise;
      return i;
    }));
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1]);
    expect(limiter.active).toBe(2);
    gates[1]!.open();
    await done[1];
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    for (const g of gates) g.open();
    expect(await Promise.all(done)).toEqual([0, 1, 2, 3]);
    expect(limiter.active).toBe(0);
  });

  it('createLimiter().run() frees the slot when a task throws', async () => {
    const limiter = createLimiter(1);
    await expect(limiter.run(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await limiter.run(async () => 'next')).toBe('next');
  });

  it.each([0, -1, 1.5, Number.NaN])('createLimiter(%s) throws naming the limit', (limit) => {
    expect(() => createLimiter(limit)).toThrow(LimiterOptionsError);
  });
});
