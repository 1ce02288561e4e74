import { describe, expect, it } from 'vitest';
import { createDistribution } from './registry.ts';
import { distributionContract } from './contract.ts';

distributionContract('constant', [{ spec: { type: 'constant', value: 2.5 }, atoms: true }, { spec: { type: 'constant', value: 0 }, atoms: true }]);

describe('constant', () => {
  it('constant.sample(u) returns the value without drawing a uniform', () => {
    let calls = 0;
    const d = createDistribution({ type: 'constant', value: 3 });
    expect(d.sample(() => (calls++, 0.5))).toBe(3);
    expect(calls).toBe(0);
    expect(d.cdf!(2.999)).toBe(0);
    expect(d.cdf!(3)).toBe(1);
  });
});
