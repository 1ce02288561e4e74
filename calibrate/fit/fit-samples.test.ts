import { describe, expect, it } from 'vitest';
import { createDistribution } from '../../sim/dist/registry.ts';
import { createStreams } from '../../sim/random/streams.ts';
import { fitSamples } from './fit-samples.ts';
import { FitInputError } from './fit-error.ts';

function draw(spec: Parameters<typeof createDistribution>[0], n: number, seed = 1): number[] {
  const d = createDistribution(spec);
  const u = createStreams(seed).stream('fit');
  return Array.from({ length: n }, () => d.sample(u));
}

describe('fitSamples', () => {
  it('fitSamples(samples) picks the generating family by AIC and reports KS and all candidates', () => {
    for (const spec of [
      { type: 'lognormal', mu: 0.5, sigma: 0.8 },
      { type: 'gamma', shape: 6, scale: 0.2 },
      { type: 'weibull', shape: 3, scale: 2 },
      { type: 'exponential', mean: 1.5 },
    ] as const) {
      const fit = fitSamples(draw(spec, 2000));
      // An exponential is also a gamma/weibull with shape 1; AIC then prefers fewer parameters
      // only by a margin of 2, so accept the nested families there.
      if (spec.type === 'exponential') expect(['exponential', 'gamma', 'weibull']).toContain(fit.family);
      else expect(fit.family).toBe(spec.type);
      expect(fit.n).toBe(2000);
      expect(fit.ks).toBeLessThan(0.03);
      expect(fit.candidates?.map((c) => c.family).sort()).toEqual(['exponential', 'gamma', 'lognormal', 'weibull']);
      expect(fit.aic).toBe(Math.min(...fit.candidates!.map((c) => c.aic)));
      expect(fit.warning).toBeUndefined();
    }
  });

  it('fitSamples(samples) keeps at most maxSamples raw samples as evenly spaced order statistics', () => {
    const xs = draw({ type: 'gamma', shape: 2, scale: 1 }, 2000);
    const fit = fitSamples(xs, { maxSamples: 100 });
    expect(fit.samples).toHaveLength(100);
    expect(fit.samples![0]).toBe(Math.min(...xs));
    expect(fit.samples![99]).toBe(Math.max(...xs));
    expect(fitSamples([1, 2, 3]).samples).toEqual([1, 2, 3]);
  });

  it('fitSamples(samples) returns a constant fit when all samples are equal', () => {
    const fit = fitSamples([2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]);
    expect(fit.dist).toEqual({ type: 'constant', value: 2 });
    expect(fit.family).toBe('constant');
    expect(fit.warning).toBeUndefined();
  });

  it('fitSamples(samples) warns when there are fewer than 10 samples', () => {
    expect(fitSamples([1.2, 0.8, 1.9, 1.1]).warning).toBe('only 4 samples: too few to trust');
    expect(fitSamples([3]).warning).toBe('only 1 samples: too few to trust');
  });

  it('fitSamples(samples, {empiricalAboveKs}) falls back to the empirical distribution for a bad fit', () => {
    // Bimodal: no single family fits.
    const xs = [...draw({ type: 'lognormal', mu: 0, sigma: 0.1 }, 500, 1), ...draw({ type: 'lognormal', mu: 3, sigma: 0.1 }, 500, 2)];
    const fit = fitSamples(xs, { empiricalAboveKs: 0.05 });
    expect(fit.family).toBe('empirical');
    expect(fit.dist.type).toBe('empirical');
    expect(fit.ks).toBeGreaterThan(0.05);
  });

  it('fitSamples(samples) rejects empty, non-finite and non-positive samples naming the index', () => {
    expect(() => fitSamples([])).toThrow('fitSamples: needs at least one sample');
    expect(() => fitSamples([1, Number.NaN])).toThrow('fitSamples: samples[1] must be a finite number, got NaN');
    expect(() => fitSamples([1, 2, 0])).toThrow('fitSamples: samples[2] must be > 0');
    expect(() => fitSamples([-1])).toThrow(FitInputError);
  });
});
