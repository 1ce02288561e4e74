import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryObjectStore, type ObjectStore } from './object-store.ts';
import {
  StateConflictError,
  StateFormatError,
  updateState,
  UpdateStateOptionsError,
  type StateMode,
} from './state-store.ts';

interface ListState {
  items: string[];
}
const KEY = 'requests/r1/metadata/state.json';
const append = (item: string) => (state: ListState | null): ListState => ({ items: [...(state?.items ?? []), item] });
const noSleep = async () => undefined;

async function readItems(store: ObjectStore): Promise<string[]> {
  const found = await store.get(KEY);
  return found ? (JSON.parse(found.body.toString()) as ListState).items : [];
}

class LostUpdateError extends Error {}

/** N writers, each appending its own item, all started at once over one scheduler. */
function concurrentAppends(mode: StateMode) {
  return fc.asyncProperty(fc.scheduler(), fc.integer({ min: 2, max: 5 }), async (s, writers) => {
    const tick = (label: string) => s.schedule(Promise.resolve(), label);
    const store = new MemoryObjectStore({ yieldPoint: tick });
    const expected = Array.from({ length: writers }, (_, i) => `w${i}`);
    const runs = expected.map((item) =>
      updateState(store, KEY, append(item), { mode, sleep: () => tick('backoff'), random: () => 0.5 }),
    );
    const results = await s.waitFor(Promise.all(runs));
    const items = await s.waitFor(readItems(store));
    const kept = [...items].sort();
    if (kept.join() !== expected.join()) throw new LostUpdateError(`wrote ${expected.join()}, kept ${kept.join()}`);
    // Each failed write means another writer committed in between, and each commits once.
    for (const { attempts } of results) expect(attempts).toBeLessThanOrEqual(writers);
  });
}

/** Wraps a store so that the next write to KEY finds a competitor already there. */
function withCompetitor(store: ObjectStore, competitorWrites: number): ObjectStore {
  let left = competitorWrites;
  return {
    get: (key) => store.get(key),
    async put(key, body, cond) {
      if (left > 0) {
        left--;
        await updateState(store, key, append(`competitor-${left}`), { mode: 'naive' });
      }
      return store.put(key, body, cond);
    },
  };
}

describe('updateState', () => {
  it('updateState(store, key, mutate, {mode: "cas"}) creates the document on first use in one attempt', async () => {
    const store = new MemoryObjectStore();
    const result = await updateState(store, KEY, append('a'), { mode: 'cas' });
    expect(result).toEqual({ state: { items: ['a'] }, attempts: 1 });
    expect(await readItems(store)).toEqual(['a']);
  });

  it('updateState(store, key, mutate, {mode: "cas"}) re-reads and retries after losing a race', async () => {
    const store = new MemoryObjectStore();
    await updateState(store, KEY, append('a'), { mode: 'cas' });
    const result = await updateState(withCompetitor(store, 1), KEY, append('b'), { mode: 'cas', sleep: noSleep });
    expect(result.attempts).toBe(2);
    expect(await readItems(store)).toEqual(['a', 'competitor-0', 'b']);
  });

  it('updateState(store, key, mutate, {mode: "naive"}) overwrites the competing write', async () => {
    const store = new MemoryObjectStore();
    await updateState(store, KEY, append('a'), { mode: 'naive' });
    await updateState(withCompetitor(store, 1), KEY, append('b'), { mode: 'naive' });
    expect(await readItems(store)).toEqual(['a', 'b']);
  });

  it('updateState gives up with StateConflictError after maxAttempts, backing off with capped jittered delays', async () => {
    const store = new MemoryObjectStore();
    const delays: number[] = [];
    const run = updateState(withCompetitor(store, 100), KEY, append('late'), {
      mode: 'cas',
      maxAttempts: 6,
      backoffMs: { baseMs: 10, maxMs: 50 },
      random: () => 0.5,
      sleep: async (ms) => void delays.push(ms),
    });
    await expect(run).rejects.toBeInstanceOf(StateConflictError);
    await expect(run).rejects.toMatchObject({ attempts: 6, key: KEY });
    expect(delays).toEqual([5, 10, 20, 25, 25]);
    expect(await readItems(store)).not.toContain('late');
  });

  it('updateState rejects bad options with UpdateStateOptionsError naming the option', async () => {
    const store = new MemoryObjectStore();
    await expect(updateState(store, KEY, append('a'), { mode: 'cas', maxAttempts: 0 })).rejects.toThrow(/maxAttempts/);
    await expect(updateState(store, KEY, append('a'), { mode: 'optimistic' as StateMode })).rejects.toBeInstanceOf(
      UpdateStateOptionsError,
    );
    await expect(updateState(store, KEY, append('a'), { mode: 'cas', backoffMs: { baseMs: 10, maxMs: 1 } })).rejects.toThrow(
      /backoffMs/,
    );
  });

  it('updateState fails with StateFormatError when the stored state is not JSON', async () => {
    const store = new MemoryObjectStore();
    await store.put(KEY, Buffer.from('not json {'));
    await expect(updateState(store, KEY, append('a'), { mode: 'cas' })).rejects.toBeInstanceOf(StateFormatError);
  });

  it('updateState in naive mode loses an update under some interleaving (fast-check finds it)', async () => {
    const outcome = await fc.check(concurrentAppends('naive'), { numRuns: 1000, seed: 42 });
    expect(outcome.failed).toBe(true);
    expect(outcome.errorInstance).toBeInstanceOf(LostUpdateError);
  });

  it('updateState in cas mode never loses an update over 1000 interleavings', async () => {
    await fc.assert(concurrentAppends('cas'), { numRuns: 1000 });
  });
});
