import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreconditionFailedError, S3ObjectStore, type ObjectStore } from '../../stages/runtime/object-store.ts';
import { updateState, type StateMode } from '../../stages/runtime/state-store.ts';
import { startS3TestTarget, type S3TestTarget } from './s3TestTarget.ts';

// updateState against a real HTTP S3 (the embedded server, or S3_ENDPOINT): the
// conditional writes are checked by the server, under real concurrency.

interface ListState {
  items: string[];
}
const append = (item: string) => (state: ListState | null): ListState => ({ items: [...(state?.items ?? []), item] });
const backoff = { baseMs: 2, maxMs: 40 };

let t: S3TestTarget;
let store: S3ObjectStore;
let runs = 0;
beforeAll(async () => {
  t = await startS3TestTarget();
  store = new S3ObjectStore(t.client, t.bucket);
});
afterAll(async () => t?.close());

const freshKey = () => `${t.prefix}requests/run-${runs++}/metadata/state.json`;

async function readItems(key: string): Promise<string[]> {
  const found = await store.get(key);
  return found ? (JSON.parse(found.body.toString()) as ListState).items : [];
}

/** Holds each writer's first read until all `writers` have read, so all start from one version. */
function barrierOnFirstRead(inner: ObjectStore, writers: number): ObjectStore {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  let reads = 0;
  return {
    async get(key) {
      const found = await inner.get(key);
      // Writers start together, so the first `writers` reads are each writer's first.
      if (reads++ < writers) {
        if (++arrived === writers) open();
        await opened;
      }
      return found;
    },
    put: (key, body, cond) => inner.put(key, body, cond),
  };
}

async function appendConcurrently(key: string, target: ObjectStore, writers: number, mode: StateMode) {
  const expected = Array.from({ length: writers }, (_, i) => `w${i}`);
  const results = await Promise.all(
    expected.map((item) => updateState(target, key, append(item), { mode, maxAttempts: 4 * writers, backoffMs: backoff })),
  );
  return { expected, results, kept: await readItems(key) };
}

/**
 * Lets fast-check's scheduler pick which writer's next store operation reaches the server:
 * each get/put waits for its scheduled turn, then runs alone (a FIFO chain), so the server
 * sees the operations in exactly the order the schedule chose and the If-Match checks are
 * the real server's.
 */
function scheduledStore(inner: ObjectStore, s: fc.Scheduler): ObjectStore {
  let chain: Promise<unknown> = Promise.resolve();
  const inTurn = async <T>(label: string, op: () => Promise<T>): Promise<T> => {
    await s.schedule(Promise.resolve(), label);
    const run = chain.then(op, op);
    chain = run.catch(() => undefined);
    return run;
  };
  return {
    get: (key) => inTurn('get', () => inner.get(key)),
    put: (key, body, cond) => inTurn(cond?.ifMatch ? 'put If-Match' : cond?.ifNoneMatch ? 'put If-None-Match' : 'put', () => inner.put(key, body, cond)),
  };
}

class LostUpdateError extends Error {}

/** 2-4 writers appending their own item under one scheduler; throws LostUpdateError when one vanishes. */
function scheduledAppends(mode: StateMode) {
  return fc.asyncProperty(fc.scheduler(), fc.integer({ min: 2, max: 4 }), async (s, writers) => {
    const key = freshKey();
    const target = scheduledStore(store, s);
    const expected = Array.from({ length: writers }, (_, i) => `w${i}`);
    const runs = expected.map((item) =>
      updateState(target, key, append(item), { mode, maxAttempts: 4 * writers, sleep: () => s.schedule(Promise.resolve(), 'backoff'), random: () => 0.5 }),
    );
    const results = await s.waitFor(Promise.all(runs));
    const kept = [...(await readItems(key))].sort();
    if (kept.join() !== expected.join()) throw new LostUpdateError(`wrote ${expected.join()}, kept ${kept.join()}`);
    for (const { attempts } of results) expect(attempts).toBeLessThanOrEqual(writers);
  });
}

describe('updateState over HTTP S3, interleavings chosen by fast-check', () => {
  // ~15 HTTP round trips per schedule (~50 ms idle): 60 schedules here, the 1000-schedule run is in
  // stages/runtime/state-store.test.ts against the in-memory store.
  it('updateState in naive mode loses an update under some interleaving of HTTP operations (fast-check finds it)', async () => {
    const outcome = await fc.check(scheduledAppends('naive'), { numRuns: 200, seed: 7 });
    expect(outcome.failed).toBe(true);
    expect(outcome.errorInstance).toBeInstanceOf(LostUpdateError);
  });

  it('updateState in cas mode never loses an update over 60 interleavings of HTTP operations', async () => {
    await fc.assert(scheduledAppends('cas'), { numRuns: 60 });
  });
});

describe('updateState over HTTP S3', () => {
  it('updateState in cas mode keeps every update of concurrent writers (30 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 2, max: 6 }), async (writers) => {
        const { expected, kept, results } = await appendConcurrently(freshKey(), store, writers, 'cas');
        expect([...kept].sort()).toEqual(expected);
        // A write fails only when another writer committed since its read, and each commits once.
        for (const { attempts } of results) expect(attempts).toBeLessThanOrEqual(writers);
      }),
      { numRuns: 30 },
    );
  });

  it('updateState in cas mode keeps every update when all writers first read the same version', async () => {
    const writers = 12;
    const { expected, kept, results } = await appendConcurrently(freshKey(), barrierOnFirstRead(store, writers), writers, 'cas');
    expect([...kept].sort()).toEqual([...expected].sort());
    expect(Math.max(...results.map((r) => r.attempts))).toBeGreaterThan(1);
  });

  it('updateState in naive mode keeps only one update when all writers first read the same version', async () => {
    const writers = 12;
    const { kept } = await appendConcurrently(freshKey(), barrierOnFirstRead(store, writers), writers, 'naive');
    expect(kept).toHaveLength(1);
  });

  it('updateState in naive mode loses updates among many truly concurrent writers', async () => {
    const writers = 25;
    const { kept } = await appendConcurrently(freshKey(), store, writers, 'naive');
    expect(writers - kept.length).toBeGreaterThan(0);
  });
});

describe('S3ObjectStore over HTTP S3', () => {
  it('S3ObjectStore.get returns null for a missing key and the body with its ETag otherwise', async () => {
    const key = freshKey();
    expect(await store.get(key)).toBeNull();
    const { etag } = await store.put(key, Buffer.from('{"items":[]}'));
    expect(await store.get(key)).toEqual({ body: Buffer.from('{"items":[]}'), etag });
  });

  it('S3ObjectStore.put turns a refused condition into PreconditionFailedError', async () => {
    const key = freshKey();
    const first = await store.put(key, Buffer.from('1'), { ifNoneMatch: '*' });
    await expect(store.put(key, Buffer.from('2'), { ifNoneMatch: '*' })).rejects.toBeInstanceOf(PreconditionFailedError);
    await store.put(key, Buffer.from('2'), { ifMatch: first.etag });
    await expect(store.put(key, Buffer.from('3'), { ifMatch: first.etag })).rejects.toBeInstanceOf(PreconditionFailedError);
    await expect(store.put(freshKey(), Buffer.from('3'), { ifMatch: first.etag })).rejects.toBeInstanceOf(PreconditionFailedError);
  });
});
