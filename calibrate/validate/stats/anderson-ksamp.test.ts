import { describe, expect, it } from 'vitest';
import { andersonKsamp } from './anderson-ksamp.ts';
import { S5, T5, TA, TB, X, Y, Z } from './fixtures.ts';

// Reference values: scipy 1.17.1, `r = scipy.stats.anderson_ksamp(samples, variant='midrank')`,
// printed as repr(float(r.statistic)), repr(float(r.pvalue)).
describe('andersonKsamp', () => {
  it('andersonKsamp matches scipy anderson_ksamp (midrank): statistic, interpolated, capped and floored p-values', () => {
    const cases: [number[][], number, number, string][] = [
      [[S5, T5], 3.7113816488254714, 0.010368148081538155, 'interpolated'], // anderson_ksamp([s5, t5], ...)
      [[TA, TB], 1.2852644023214153, 0.09598661956519676, 'interpolated'], // anderson_ksamp([[1,2,2,3,3,3,4], [2,3,3,4,5,5]], ...)
      [[X, Y], -0.16026438874442056, 0.25, 'capped'], // anderson_ksamp([x, y], ...)
      [[X, Z], 0.2636905809534741, 0.25, 'capped'], // anderson_ksamp([x, z], ...)
      [[X, X], -1.3748227348931574, 0.25, 'capped'], // anderson_ksamp([x, x], ...)
      [[S5, X.slice(0, 7)], 5.656730292015079, 0.0020320248440390256, 'interpolated'], // anderson_ksamp([s5, x[:7]], ...)
      [[X, Y, Z], -0.14401431283109103, 0.25, 'capped'], // anderson_ksamp([x, y, z], ...)
    ];
    for (const [samples, stat, p, kind] of cases) {
      const r = andersonKsamp(samples);
      expect(r.statistic).toBeCloseTo(stat, 10);
      expect(r.pValue).toBeCloseTo(p, 10);
      expect(r.pValueKind).toBe(kind);
    }
  });

  it('andersonKsamp floors the p-value at 0.001 past the table, and gives the 5% critical value of two samples', () => {
    const a = Array.from({ length: 30 }, (_, i) => i);
    const r = andersonKsamp([a, a.map((v) => v + 100)]);
    expect(r.pValue).toBe(0.001);
    expect(r.pValueKind).toBe('floored');
    // Scholz & Stephens Table 2 at m = 1, alpha = 0.05: 1.645 + 0.678 - 0.362.
    expect(r.critical).toBeCloseTo(1.961, 12);
  });

  it('andersonKsamp refuses what the statistic is not defined for', () => {
    expect(() => andersonKsamp([[1, 2, 3]])).toThrow(/at least two samples/);
    expect(() => andersonKsamp([[1, 2, 3], []])).toThrow(/no values/);
    expect(() => andersonKsamp([[1, 2], [3]])).toThrow(/at least 4 values/);
    expect(() => andersonKsamp([[2, 2], [2, 2]])).toThrow(/more than one distinct/);
  });
});
