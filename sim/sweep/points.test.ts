// Point expansion: grid product order, random search reproducibility and ranges.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gridProduct, pointLabel, pointsOf } from './points.ts';
import { drawValue, randomSamples } from './random-search.ts';
import type { Sweep } from './types.ts';

const sweep = (more: Partial<Sweep>): Sweep => ({ format: 'fave.sweep/v1', name: 't', scenario: 's.json', seeds: 1, ...more });

describe('points', () => {
  it('gridProduct varies the first pointer slowest, like nested loops in file order', () => {
    expect(gridProduct({ '/a': [1, 2], '/b': ['x', 'y', 'z'] })).toEqual([
      { '/a': 1, '/b': 'x' },
      { '/a': 1, '/b': 'y' },
      { '/a': 1, '/b': 'z' },
      { '/a': 2, '/b': 'x' },
      { '/a': 2, '/b': 'y' },
      { '/a': 2, '/b': 'z' },
    ]);
  });

  it('gridProduct of no pointers is the base scenario alone', () => {
    expect(gridProduct({})).toEqual([{}]);
  });

  it('pointsOf numbers the points and has as many as the product of the value counts', () => {
    const points = pointsOf(sweep({ grid: { '/a': [1, 2, 3], '/b': [true, false], '/c': [{ x: 1 }] } }));
    expect(points).toHaveLength(6);
    expect(points.map((p) => p.index)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(points[5]!.overrides).toEqual({ '/a': 3, '/b': false, '/c': { x: 1 } });
  });

  it('pointsOf crosses every grid point with every random sample', () => {
    const points = pointsOf(sweep({ grid: { '/a': [1, 2] }, random: { samples: 3, seed: 7, params: { '/b': { min: 0, max: 1 } } } }));
    expect(points).toHaveLength(6);
    expect(points.slice(0, 3).map((p) => p.overrides['/a'])).toEqual([1, 1, 1]);
    // The same samples go with each grid value (common draws across the grid).
    expect(points.slice(3).map((p) => p.overrides['/b'])).toEqual(points.slice(0, 3).map((p) => p.overrides['/b']));
  });

  it('randomSamples gives the same samples for the same seed and others for another seed', () => {
    const params = { '/x': { min: 1, max: 100, log: true }, '/y': { choices: ['a', 'b', 'c'] }, '/z': { min: 0, max: 9, integer: true } };
    expect(randomSamples(params, 20, 42)).toEqual(randomSamples(params, 20, 42));
    expect(randomSamples(params, 20, 43)).not.toEqual(randomSamples(params, 20, 42));
  });

  it('drawValue stays within [min, max], gives integers when asked, and picks only from the choices', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.001, max: 1000, noNaN: true }),
        fc.double({ min: 0, max: 1000, noNaN: true }),
        fc.boolean(),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (min, span, log, u) => {
          const max = min + span;
          const x = drawValue({ min, max, log }, () => u) as number;
          expect(x).toBeGreaterThanOrEqual(min * (1 - 1e-12));
          expect(x).toBeLessThanOrEqual(max * (1 + 1e-12));
          const lo = Math.ceil(min), hi = Math.max(lo, Math.floor(max));
          const k = drawValue({ min: lo, max: hi, integer: true, log }, () => u) as number;
          expect(Number.isInteger(k) && k >= lo && k <= hi).toBe(true);
          expect(['a', 'b']).toContain(drawValue({ choices: ['a', 'b'] }, () => u));
        },
      ),
    );
  });

  it('drawValue reaches both ends of an integer range', () => {
    const seen = new Set(randomSamples({ '/k': { min: 0, max: 3, integer: true } }, 200, 1).map((s) => s['/k']));
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
  });

  it('pointLabel names each override, or the base scenario when there is none', () => {
    expect(pointLabel({ index: 0, overrides: { '/a/b': 1, '/c': 'x' } })).toBe('/a/b=1, /c="x"');
    expect(pointLabel({ index: 0, overrides: {} })).toBe('the base scenario');
  });
});
