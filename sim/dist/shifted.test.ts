import { describe, expect, it } from 'vitest';
import { createDistribution } from './registry.ts';
import { distributionContract } from './contract.ts';

distributionContract('shifted', [
  { spec: { type: 'shifted', shift: 1.5, base: { type: 'gamma', shape: 2, scale: 0.5 } } },
  { spec: { type: 'shifted', shift: 0.2, base: { type: 'lognormal', mu: -1, sigma: 0.3 } } },
]);

describe('shifted', () => {
  it('shifted adds its shift to the mean, quantiles and cdf argument of its base', () => {
    const base = createDistribution({ type: 'exponential', mean: 2 });
    const d = createDistribution({ type: 'shifted', shift: 1, base: { type: 'exponential', mean: 2 } });
    expect(d.mean()).toBe(3);
    expect(d.quantile(0.3)).toBeCloseTo(1 + base.quantile(0.3), 14);
    expect(d.cdf!(0.5)).toBe(0);
  });
});
