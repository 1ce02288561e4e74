import { describe, expect, it } from 'vitest';
import { createDistribution } from './registry.ts';
import { distributionContract } from './contract.ts';

distributionContract('mixture', [
  {
    spec: {
      type: 'mixture',
      components: [
        { weight: 0.8, dist: { type: 'lognormal', mu: 0, sigma: 0.3 } },
        { weight: 0.2, dist: { type: 'shifted', shift: 5, base: { type: 'exponential', mean: 2 } } },
      ],
    },
  },
  {
    spec: {
      type: 'mixture',
      components: [
        { weight: 0, dist: { type: 'exponential', mean: 100 } },
        { weight: 3, dist: { type: 'gamma', shape: 3, scale: 1 } },
        { weight: 1, dist: { type: 'weibull', shape: 2, scale: 1 } },
      ],
    },
  },
]);

describe('mixture', () => {
  it('mixture normalizes its weights for mean() and cdf()', () => {
    const d = createDistribution({
      type: 'mixture',
      components: [
        { weight: 2, dist: { type: 'constant', value: 1 } },
        { weight: 6, dist: { type: 'constant', value: 5 } },
      ],
    });
    expect(d.mean()).toBeCloseTo(4, 14);
    expect(d.cdf!(2)).toBeCloseTo(0.25, 14);
    expect(d.quantile(0.5)).toBeCloseTo(5, 9);
  });

  it('mixture.sample(u) never picks a component of weight 0', () => {
    const d = createDistribution({
      type: 'mixture',
      components: [
        { weight: 1, dist: { type: 'constant', value: 1 } },
        { weight: 0, dist: { type: 'constant', value: 99 } },
      ],
    });
    for (const v of [0, 0.5, 0.999999999]) expect(d.sample(() => v)).toBe(1);
  });
});
