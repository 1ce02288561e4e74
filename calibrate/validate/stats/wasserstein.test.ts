import { describe, expect, it } from 'vitest';
import { S5, T5, TA, TB, X, Y, Z } from './fixtures.ts';
import { wasserstein1 } from './wasserstein.ts';

// Reference values: scipy 1.17.1, repr(float(scipy.stats.wasserstein_distance(a, b))).
describe('wasserstein1', () => {
  it('wasserstein1 matches scipy wasserstein_distance on equal, unequal and tied samples', () => {
    expect(wasserstein1(X, Y)).toBeCloseTo(0.31579999999999997, 12); // wasserstein_distance(x, y)
    expect(wasserstein1(X, Z)).toBeCloseTo(0.2624148648648647, 12); // wasserstein_distance(x, z)
    expect(wasserstein1(S5, T5)).toBeCloseTo(1.6160000000000005, 12); // wasserstein_distance(s5, t5)
    expect(wasserstein1(S5, X.slice(0, 7))).toBeCloseTo(23.143571428571434, 12); // wasserstein_distance(s5, x[:7])
    expect(wasserstein1(TA, TB)).toBeCloseTo(1.0952380952380953, 12); // wasserstein_distance([1,2,2,3,3,3,4], [2,3,3,4,5,5])
    expect(wasserstein1(X, X)).toBe(0);
  });

  it('wasserstein1 of a sample against itself shifted by c is c', () => {
    expect(wasserstein1(Z, Z.map((v) => v + 0.25))).toBeCloseTo(0.25, 12);
    expect(() => wasserstein1([], [1])).toThrow(RangeError);
  });
});
