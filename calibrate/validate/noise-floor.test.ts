import { describe, expect, it } from 'vitest';
import { createStreams } from '../../sim/random/streams.ts';
import { noiseFloor, pairwise } from './noise-floor.ts';

/** n draws of a lognormal (median `med`, log sd 0.1), one per request, from a named stream. */
function requests(n: number, med: number, name: string): number[][] {
  const u = createStreams(1).stream(name);
  return Array.from({ length: n }, () => {
    // Box–Muller: two uniforms to one standard normal.
    const z = Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
    return [med * Math.exp(0.1 * z)];
  });
}

describe('noiseFloor', () => {
  it('one run: the halves, scaled to two samples of n, put the KS floor at the two-sample 5% critical D', () => {
    const f = noiseFloor([requests(400, 8, 'a')], 1, 'e2e')!;
    expect(f.method).toBe('bootstrap-halves');
    // Two samples of 400 from one distribution: the 5% critical D is 1.358 * sqrt(2/400) = 0.096.
    expect(f.bound.ks).toBeGreaterThan(0.08);
    expect(f.bound.ks).toBeLessThan(0.115);
    // The median's relative sd for two samples of 400 at log sd 0.1: sqrt(2) * 1.2533 * 0.1 / 20 = 0.0089;
    // the upper 95% point of its magnitude is about 1.96 times that.
    expect(f.bound.p50).toBeGreaterThan(0.012);
    expect(f.bound.p50).toBeLessThan(0.023);
  });

  it('is deterministic for a seed and subject, and another seed draws other splits', () => {
    const run = [requests(40, 8, 'b')];
    expect(noiseFloor(run, 7, 'e2e')).toStrictEqual(noiseFloor(run, 7, 'e2e'));
    expect(noiseFloor(run, 8, 'e2e')!.bound).not.toStrictEqual(noiseFloor(run, 7, 'e2e')!.bound);
  });

  it('keeps a request\'s calls together: calls that share their request\'s level widen the floor', () => {
    // 40 requests of 10 calls each, every call at its request's level: really 40 values, not 400.
    const grouped = requests(40, 8, 'c').map(([x]) => Array(10).fill(x) as number[]);
    const asCalls = grouped.flat().map((x) => [x]);
    expect(noiseFloor([grouped], 1, 'f')!.bound.p50).toBeGreaterThan(2 * noiseFloor([asCalls], 1, 'f')!.bound.p50);
  });

  it('repeats: the floor carries the drift between them (two runs 10% apart)', () => {
    const a = requests(80, 8, 'd');
    const b = requests(80, 8.8, 'e');
    const f = noiseFloor([a, b], 1, 'e2e')!;
    expect(f.method).toBe('bootstrap-repeats');
    expect(f.bound.p50).toBeGreaterThan(0.08);
    const same = noiseFloor([a, requests(80, 8, 'g')], 1, 'e2e')!;
    expect(same.bound.p50).toBeLessThan(0.05);
    expect(f.bound.p50).toBeGreaterThan(2 * same.bound.p50);
    // As measured, both ways: b against a, a against b.
    expect(pairwise([a.flat(), b.flat()]).map((d) => Math.sign(d.p50))).toEqual([1, -1]);
  });

  it('cannot be estimated from one run of fewer than 4 requests, nor from repeats of which only one has values', () => {
    expect(noiseFloor([[[1], [2], [3]]], 1, 'e2e')).toBeNull();
    expect(noiseFloor([[[1], [2], [3], [4]], []], 1, 'e2e')).toBeNull();
  });
});
