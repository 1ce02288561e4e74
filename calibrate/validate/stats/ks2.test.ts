import { describe, expect, it } from 'vitest';
import { S5, T5, TA, TB, X, Y, Z } from './fixtures.ts';
import { kolmogorovSf, ks2Statistic, ks2Test } from './ks2.ts';

// Reference values: scipy 1.17.1, `r = scipy.stats.ks_2samp(a, b)` (method='auto', two-sided),
// printed as repr(float(r.statistic)), repr(float(r.pvalue)). Critical values: the smallest
// h/lcm(n1, n2) with `scipy.stats._stats_py._attempt_exact_2kssamp(n1, n2, gcd, h/lcm,
// 'two-sided')[2] <= 0.05`, scanning h = 1, 2, ….
describe('ks2Test', () => {
  it('ks2Test matches scipy ks_2samp (exact) on equal, unequal and tied samples', () => {
    const cases: [number[], number[], number, number][] = [
      [X, Y, 0.25, 0.571336004933722], // ks_2samp(x, y): equal n, the closed form
      [X, Z, 0.25135135135135134, 0.3187164801791466], // ks_2samp(x, z): 20 against 37, the band recursion
      [S5, T5, 0.8, 0.07936507936507936], // ks_2samp(s5, t5)
      [S5, X.slice(0, 7), 1, 0.0025252525252525255], // ks_2samp(s5, x[:7]): disjoint
      [X, X, 0, 1], // ks_2samp(x, x)
      [TA, TB, 0.35714285714285715, 0.7115384615384616], // ks_2samp([1,2,2,3,3,3,4], [2,3,3,4,5,5])
    ];
    for (const [a, b, d, p] of cases) {
      const r = ks2Test(a, b);
      expect(r.method).toBe('exact');
      expect(r.statistic).toBeCloseTo(d, 12);
      expect(r.pValue).toBeCloseTo(p, 9);
      expect(ks2Statistic(b, a)).toBeCloseTo(d, 12);
    }
  });

  it('ks2Test gives the exact critical D at alpha = 0.05, and Infinity when no D can reject', () => {
    const seq = (n: number, off = 0) => Array.from({ length: n }, (_, i) => i + off);
    expect(ks2Test(seq(20), seq(20, 0.5)).critical).toBeCloseTo(0.45, 12);
    expect(ks2Test(seq(20), seq(37, 0.5)).critical).toBeCloseTo(0.3608108108108108, 12);
    expect(ks2Test(seq(80), seq(75, 0.5)).critical).toBeCloseTo(0.21333333333333335, 12);
    expect(ks2Test(seq(5), seq(5, 0.5)).critical).toBe(1);
    // Three against two: even disjoint samples have p = 0.2.
    expect(ks2Test(seq(3), seq(2, 10)).critical).toBe(Infinity);
  });

  it('ks2Test uses Kolmogorov\'s limit beyond 10 000 values a side, within 3e-3 of scipy\'s kstwo there', () => {
    const x = Array.from({ length: 12000 }, (_, i) => i / 12000);
    const y = Array.from({ length: 11000 }, (_, i) => i / 11000 + 0.012);
    const r = ks2Test(x, y);
    expect(r.method).toBe('asymptotic');
    // ks_2samp(np.arange(12000)/12000, np.arange(11000)/11000 + 0.012)
    expect(r.statistic).toBeCloseTo(0.012083333333333335, 12);
    // kstwobign.sf(d * sqrt(12000*11000/23000)) = 0.3718248288775883; scipy's pvalue
    // (kstwo.sf(d, round(en))) is 0.368918522729501: the documented O(1/sqrt(n)) difference.
    expect(r.pValue).toBeCloseTo(0.3718248288775883, 10);
    expect(Math.abs(r.pValue - 0.368918522729501)).toBeLessThan(3e-3);
  });

  it('kolmogorovSf matches scipy.stats.kstwobign.sf on both of its series', () => {
    // [kstwobign.sf(v) for v in (0.3, 0.5, 1.0, 1.3580986393225505, 2.0)]
    const ref = [0.9999906941986655, 0.9639452436648751, 0.26999967167735456, 0.050000000000000024, 0.0006709252557796953];
    [0.3, 0.5, 1.0, 1.3580986393225505, 2.0].forEach((v, i) => expect(kolmogorovSf(v)).toBeCloseTo(ref[i]!, 12));
  });

  it('ks2Statistic refuses an empty sample', () => {
    expect(() => ks2Statistic([], [1])).toThrow(RangeError);
  });
});
