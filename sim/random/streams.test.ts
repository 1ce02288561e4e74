import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { createStreams, StreamSeedError } from './streams.ts';

const take = (u: () => number, n: number): number[] => Array.from({ length: n }, () => u());

describe('createStreams', () => {
  it('createStreams(seed).stream(name) replays the same sequence bit for bit for the same seed and name', () => {
    const a = take(createStreams(7).stream('arrivals'), 1000);
    const b = take(createStreams(7).stream('arrivals'), 1000);
    expect(b).toEqual(a);
  });

  it("createStreams(seed).stream(name) draws seedrandom's alea sequence for seed, NUL, name", () => {
    for (const [seed, name] of [[1, 'arrivals'], [42, 'warm:fn'], ['s', 'cold-call:x']] as const) {
      expect(take(createStreams(seed).stream(name), 1000)).toEqual(take(seedrandom.alea(`${seed}\u0000${name}`), 1000));
    }
  });

  it('createStreams(seed).stream(name) does not depend on which other streams were used before', () => {
    const lone = createStreams('s').stream('warm:librosa');
    const busy = createStreams('s');
    take(busy.stream('arrivals'), 500);
    take(busy.stream('cold:ffmpeg-0'), 77);
    const crowded = busy.stream('warm:librosa');
    expect(take(crowded, 200)).toEqual(take(lone, 200));
  });

  it('createStreams(seed).stream(name) gives different sequences for different names and seeds', () => {
    const x = take(createStreams(1).stream('a'), 50);
    expect(take(createStreams(1).stream('b'), 50)).not.toEqual(x);
    expect(take(createStreams(2).stream('a'), 50)).not.toEqual(x);
    // The separator keeps seed/name boundaries apart.
    expect(take(createStreams('1').stream('2a'), 50)).not.toEqual(take(createStreams('12').stream('a'), 50));
  });

  it('createStreams(seed).stream(name) draws uniforms in [0, 1) with mean near 1/2', () => {
    const u = take(createStreams(3).stream('u'), 20_000);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    // sd of the mean of 20k U(0,1) draws is 0.289/sqrt(20000) = 0.002; 5 sd tolerance.
    const mean = u.reduce((s, v) => s + v, 0) / u.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.01);
  });

  it('createStreams(seed) rejects a non-finite number or a non-string seed', () => {
    expect(() => createStreams(Number.NaN)).toThrow(StreamSeedError);
    expect(() => createStreams(Infinity)).toThrow(/finite number or a string, got null/);
    expect(() => createStreams({} as unknown as number)).toThrow(StreamSeedError);
  });
});
