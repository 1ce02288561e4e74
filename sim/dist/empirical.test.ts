import { describe, expect, it } from 'vitest';
import { createDistribution } from './registry.ts';
import { distributionContract } from './contract.ts';

distributionContract('empirical', [
  { spec: { type: 'empirical', samples: [0.9, 1.4, 0.2, 3.3, 2.1, 1.0, 0.7] } },
  { spec: { type: 'empirical', samples: [4] }, atoms: true },
]);

describe('empirical', () => {
  it('empirical.quantile(p) interpolates linearly between order statistics', () => {
    const d = createDistribution({ type: 'empirical', samples: [3, 1, 2, 5] });
    expect(d.quantile(0)).toBe(1);
    expect(d.quantile(1 / 3)).toBeCloseTo(2, 12);
    expect(d.quantile(0.5)).toBeCloseTo(2.5, 12);
    expect(d.quantile(5 / 6)).toBeCloseTo(4, 12);
    expect(d.quantile(1)).toBe(5);
    expect(d.cdf!(4)).toBeCloseTo(5 / 6, 12);
    // Trapezoid mean of the interpolated distribution: (1/2 + 2 + 3 + 5/2) / 3.
    expect(d.mean()).toBeCloseTo(8 / 3, 12);
  });

  it('empirical.cdf(x) is right-continuous at tied samples', () => {
    const d = createDistribution({ type: 'empirical', samples: [1, 2, 2, 3] });
    expect(d.cdf!(2)).toBeCloseTo(2 / 3, 12);
    expect(d.cdf!(1.999999)).toBeLessThan(1 / 3 + 1e-5);
  });

  it('empirical keeps its samples in the order given', () => {
    expect(createDistribution({ type: 'empirical', samples: [3, 1, 2] }).spec).toEqual({ type: 'empirical', samples: [3, 1, 2] });
  });
});
