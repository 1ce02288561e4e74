import { describe, expect, it } from 'vitest';
import { createDistribution } from './registry.ts';
import { distributionContract } from './contract.ts';

distributionContract('exponential', [{ spec: { type: 'exponential', mean: 1 } }, { spec: { type: 'exponential', mean: 0.03 } }]);

describe('exponential', () => {
  it('exponential.quantile(p) is −mean·ln(1 − p) and sample uses one uniform per draw', () => {
    const d = createDistribution({ type: 'exponential', mean: 2 });
    expect(d.quantile(0.5)).toBeCloseTo(2 * Math.LN2, 14);
    let calls = 0;
    expect(d.sample(() => (calls++, 0.5))).toBeCloseTo(2 * Math.LN2, 14);
    expect(calls).toBe(1);
    expect(d.sample(() => 0)).toBe(0);
  });
});
