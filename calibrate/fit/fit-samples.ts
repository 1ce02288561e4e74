// Fits every candidate family to positive samples by maximum likelihood and keeps the one
// with the smallest AIC, with its KS statistic, the other candidates and the raw samples.
import type { Fit } from '../../sim/profile/types.ts';
import { createDistribution } from '../../sim/dist/registry.ts';
import { FitInputError } from './fit-error.ts';
import { aic, fitExponential, fitGamma, fitLognormal, fitWeibull, type MleFit } from './mle.ts';
import { ksStatistic } from './ks.ts';
import { summarize, type Summary } from './summary.ts';

export interface FitOptions {
  /** Families to try (default all four). */
  families?: readonly ('exponential' | 'lognormal' | 'gamma' | 'weibull')[];
  /** Raw samples kept in the fit, as evenly spaced order statistics (default 500). */
  maxSamples?: number;
  /** Use the empirical distribution when the best family's KS exceeds this (default: never). */
  empiricalAboveKs?: number;
  /** Below this many samples the fit carries a warning (default 10). */
  minTrusted?: number;
}

const FITTERS: Record<string, (s: Summary) => MleFit> = {
  exponential: fitExponential,
  lognormal: fitLognormal,
  gamma: fitGamma,
  weibull: fitWeibull,
};

export function fitSamples(samples: readonly number[], opts: FitOptions = {}): Fit {
  const { families = ['exponential', 'lognormal', 'gamma', 'weibull'], maxSamples = 500, minTrusted = 10 } = opts;
  if (!Array.isArray(samples) || samples.length === 0) throw new FitInputError(undefined, samples, 'needs at least one sample');
  samples.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new FitInputError(i, x, 'must be a finite number');
    if (!(x > 0)) throw new FitInputError(i, x, 'must be > 0 (durations and counts are positive)');
  });
  const n = samples.length;
  const kept = keepSamples(samples, maxSamples);
  const warning = n < minTrusted ? `only ${n} samples: too few to trust` : undefined;
  const base = (fit: Omit<Fit, 'n' | 'samples' | 'warning'>): Fit => ({
    ...fit,
    n,
    ...(warning ? { warning } : {}),
    samples: kept,
  });

  if (samples.every((x) => x === samples[0])) {
    return base({ dist: { type: 'constant', value: samples[0]! }, family: 'constant', ks: 0 });
  }

  const summary = summarize(samples);
  const candidates = families.map((name) => {
    const fitter = FITTERS[name];
    if (!fitter) throw new FitInputError(undefined, name, `unknown family '${name}' (valid: ${Object.keys(FITTERS).join(', ')})`);
    const fit = fitter(summary);
    const cdf = createDistribution(fit.dist).cdf;
    return { family: fit.family as string, dist: fit.dist, aic: aic(fit), ks: cdf ? ksStatistic(samples, cdf) : 1 };
  }).filter((c) => Number.isFinite(c.aic) && Number.isFinite(c.ks));
  if (candidates.length === 0) return base({ dist: { type: 'empirical', samples: kept }, family: 'empirical' });
  candidates.sort((a, b) => a.aic - b.aic);
  const best = candidates[0]!;
  if (opts.empiricalAboveKs !== undefined && best.ks > opts.empiricalAboveKs) {
    return base({ dist: { type: 'empirical', samples: kept }, family: 'empirical', ks: best.ks, candidates });
  }
  return base({ dist: best.dist, family: best.family, ks: best.ks, aic: best.aic, candidates });
}

/** All samples when few; otherwise `max` evenly spaced order statistics (min and max kept). */
function keepSamples(samples: readonly number[], max: number): number[] {
  if (samples.length <= max) return samples.slice();
  const sorted = samples.slice().sort((a, b) => a - b);
  const step = (sorted.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => sorted[Math.round(i * step)]!);
}
