import { describe, expect, it } from 'vitest';
import { ksStatistic } from './ks.ts';

describe('ksStatistic', () => {
  it('ksStatistic(samples, cdf) is the largest gap between the ECDF steps and the cdf', () => {
    // Uniform(0,1) cdf against 0.1, 0.5, 0.6: gaps at 0.6 are |0.6 − 2/3| and |1 − 0.6| = 0.4.
    expect(ksStatistic([0.6, 0.1, 0.5], (x) => Math.min(1, Math.max(0, x)))).toBeCloseTo(0.4, 12);
    // One sample at the median: the ECDF jumps 0 → 1 there while F = 0.5.
    expect(ksStatistic([0.5], (x) => x)).toBeCloseTo(0.5, 12);
  });
});
