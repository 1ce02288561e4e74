import { describe, expect, it } from 'vitest';
import { MemoryObjectStore, PreconditionFailedError } from './object-store.ts';

describe('MemoryObjectStore', () => {
  it('MemoryObjectStore.put with ifNoneMatch "*" refuses an existing key', async () => {
    const store = new MemoryObjectStore();
    await store.put('k', Buffer.from('1'), { ifNoneMatch: '*' });
    await expect(store.put('k', Buffer.from('2'), { ifNoneMatch: '*' })).rejects.toBeInstanceOf(PreconditionFailedError);
  });

  it('MemoryObjectStore.put with ifMatch refuses a stale or missing ETag', async () => {
    const store = new MemoryObjectStore();
    const first = await store.put('k', Buffer.from('1'));
    await store.put('k', Buffer.from('2'), { ifMatch: first.etag });
    await expect(store.put('k', Buffer.from('3'), { ifMatch: first.etag })).rejects.toBeInstanceOf(PreconditionFailedError);
    await expect(store.put('other', Buffer.from('3'), { ifMatch: first.etag })).rejects.toBeInstanceOf(PreconditionFailedError);
    expect((await store.get('k'))?.body.toString()).toBe('2');
  });
});

describe('PreconditionFailedError', () => {
  it('new PreconditionFailedError(key, cond) names the key and the condition that failed', () => {
    const error = new PreconditionFailedError('a/state.json', { ifMatch: '"abc"' });
    expect(error.message).toBe('conditional write to a/state.json refused: expected it to have ETag "abc"');
    expect(error.name).toBe('PreconditionFailedError');
  });
});
