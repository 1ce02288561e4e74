import { describe, expect, it } from 'vitest';
import { fitWithZeros } from './fit-with-zeros.ts';
import { createDistribution } from '../../sim/dist/registry.ts';

describe('fitWithZeros', () => {
  it('fitWithZeros(values) is a plain fit when there are no zeros', () => {
    const fit = fitWithZeros([1.1, 0.9, 1.4, 2.0, 0.7, 1.2, 1.0, 0.8, 1.6, 1.3, 0.95]);
    expect(['lognormal', 'gamma', 'weibull', 'exponential']).toContain(fit.family);
    expect(fit.n).toBe(11);
    expect(fit.warning).toBeUndefined();
  });

  it('fitWithZeros(values) puts the zeros in an atom at 0 mixed with the fit of the positives', () => {
    const fit = fitWithZeros([0, 0, 1.2, 0.8, 1.5, 1.1]);
    expect(fit.family).toMatch(/^mixture\(constant 0, /);
    const d = createDistribution(fit.dist);
    expect(d.cdf!(0)).toBeCloseTo(2 / 6, 12);
    expect(fit.warning).toBe('only 6 samples: too few to trust');
    expect(fit.samples).toEqual([0, 0, 1.2, 0.8, 1.5, 1.1]);
  });

  it('fitWithZeros(values) gives a constant at the median when too few values are positive', () => {
    expect(fitWithZeros([2.5, 1.5]).dist).toEqual({ type: 'constant', value: 2 });
    expect(fitWithZeros([0, 0, 0]).dist).toEqual({ type: 'constant', value: 0 });
    expect(fitWithZeros([0, 4]).dist).toEqual({
      type: 'mixture',
      components: [
        { weight: 0.5, dist: { type: 'constant', value: 0 } },
        { weight: 0.5, dist: { type: 'constant', value: 4 } },
      ],
    });
  });

  it('fitWithZeros(values) rejects empty, negative and non-finite values', () => {
    expect(() => fitWithZeros([])).toThrow('needs at least one sample');
    expect(() => fitWithZeros([1, -1])).toThrow('samples[1] must be >= 0, got -1');
    expect(() => fitWithZeros([Infinity])).toThrow('samples[0] must be a finite number');
  });
});
