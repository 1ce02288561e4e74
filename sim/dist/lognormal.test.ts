import { describe, expect, it } from 'vitest';
import { createDistribution } from './registry.ts';
import { distributionContract } from './contract.ts';

distributionContract('lognormal', [
  { spec: { type: 'lognormal', mu: 0, sigma: 0.5 } },
  { spec: { type: 'lognormal', mu: -1.2, sigma: 1 } },
]);

describe('lognormal', () => {
  it('lognormal.quantile(0.5) is exp(mu) and mean() is exp(mu + sigma²/2)', () => {
    const d = createDistribution({ type: 'lognormal', mu: 0.7, sigma: 0.4 });
    expect(d.quantile(0.5)).toBeCloseTo(Math.exp(0.7), 12);
    expect(d.mean()).toBeCloseTo(Math.exp(0.7 + 0.08), 12);
  });

  it('lognormal.sample(u) is monotone in its single uniform (good for common random numbers)', () => {
    const d = createDistribution({ type: 'lognormal', mu: 0, sigma: 1 });
    let prev = 0;
    for (let i = 1; i < 1000; i++) {
      const x = d.sample(() => i / 1000);
      expect(x).toBeGreaterThan(prev);
      prev = x;
    }
  });
});
