import { describe, expect, it } from 'vitest';
import { createDistribution } from './registry.ts';
import { distributionContract } from './contract.ts';

distributionContract('weibull', [
  { spec: { type: 'weibull', shape: 1.5, scale: 2 } },
  { spec: { type: 'weibull', shape: 0.7, scale: 0.3 } },
]);

describe('weibull', () => {
  it('weibull with shape 1 is an exponential with mean = scale', () => {
    const w = createDistribution({ type: 'weibull', shape: 1, scale: 3 });
    const e = createDistribution({ type: 'exponential', mean: 3 });
    expect(w.mean()).toBeCloseTo(3, 12);
    for (const p of [0.1, 0.5, 0.9]) expect(w.quantile(p)).toBeCloseTo(e.quantile(p), 12);
  });
});
