import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createDistribution } from '../../sim/dist/registry.ts';
import type { DistSpec } from '../../sim/dist/spec.ts';
import { trigamma } from '../../sim/dist/gamma-fn.ts';
import { createStreams } from '../../sim/random/streams.ts';
import { fitExponential, fitGamma, fitLognormal, fitWeibull } from './mle.ts';
import { summarize } from './summary.ts';

const N = 2000;

function draw(spec: DistSpec, seed: number): number[] {
  const d = createDistribution(spec);
  const u = createStreams(seed).stream('fit');
  return Array.from({ length: N }, () => d.sample(u));
}

// Tolerances: 5 asymptotic standard errors of each MLE (Fisher information), so a
// correct fit fails with probability ~1e-6 per check; runs are seeded, hence repeatable.
const seed = fc.integer({ min: 0, max: 1e6 });

describe('maximum-likelihood fits', () => {
  it('fitExponential recovers the mean within 5 standard errors (mean/√n)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 100, noNaN: true }), seed, (mean, s) => {
        const fit = fitExponential(summarize(draw({ type: 'exponential', mean }, s)));
        expect(fit.dist.type).toBe('exponential');
        expect(Math.abs((fit.dist as { mean: number }).mean - mean)).toBeLessThan((5 * mean) / Math.sqrt(N));
      }),
      { seed: 101, numRuns: 15 },
    );
  });

  it('fitLognormal recovers mu (se σ/√n) and sigma (se σ/√(2n))', () => {
    fc.assert(
      fc.property(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: 0.05, max: 2, noNaN: true }), seed, (mu, sigma, s) => {
        const d = fitLognormal(summarize(draw({ type: 'lognormal', mu, sigma }, s))).dist as { mu: number; sigma: number };
        expect(Math.abs(d.mu - mu)).toBeLessThan((5 * sigma) / Math.sqrt(N));
        expect(Math.abs(d.sigma - sigma)).toBeLessThan((5 * sigma) / Math.sqrt(2 * N));
      }),
      { seed: 102, numRuns: 15 },
    );
  });

  it('fitGamma recovers the shape (var k/(n(kψ′(k) − 1))) and the mean (se √k·θ/√n)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.3, max: 30, noNaN: true }), fc.double({ min: 0.01, max: 10, noNaN: true }), seed, (shape, scale, s) => {
        const d = fitGamma(summarize(draw({ type: 'gamma', shape, scale }, s))).dist as { shape: number; scale: number };
        const seShape = Math.sqrt(shape / (N * (shape * trigamma(shape) - 1)));
        expect(Math.abs(d.shape - shape)).toBeLessThan(5 * seShape);
        expect(Math.abs(d.shape * d.scale - shape * scale)).toBeLessThan((5 * Math.sqrt(shape) * scale) / Math.sqrt(N));
      }),
      { seed: 103, numRuns: 15 },
    );
  });

  it('fitWeibull recovers the shape (var 0.608k²/n) and scale (var 1.109λ²/(k²n))', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.3, max: 10, noNaN: true }), fc.double({ min: 0.01, max: 100, noNaN: true }), seed, (shape, scale, s) => {
        const d = fitWeibull(summarize(draw({ type: 'weibull', shape, scale }, s))).dist as { shape: number; scale: number };
        expect(Math.abs(d.shape - shape)).toBeLessThan(5 * Math.sqrt(0.608 / N) * shape);
        expect(Math.abs(d.scale - scale)).toBeLessThan((5 * Math.sqrt(1.109 / N) * scale) / shape);
      }),
      { seed: 104, numRuns: 15 },
    );
  });

  it('fitWeibull does not overflow on samples spanning many orders of magnitude', () => {
    const xs = [1e-6, 3e-3, 0.5, 20, 4e4, 9e7];
    const d = fitWeibull(summarize(xs)).dist as { shape: number; scale: number };
    expect(Number.isFinite(d.shape) && d.shape > 0).toBe(true);
    expect(Number.isFinite(d.scale) && d.scale > 0).toBe(true);
  });
});
