// Maximum-likelihood fits of the two-parameter families (and the exponential), each
// returning the spec and its log-likelihood. Inputs are summaries of positive samples that
// are not all equal.
import type { DistSpec } from '../../sim/dist/spec.ts';
import { digamma, logGamma, trigamma } from '../../sim/dist/gamma-fn.ts';
import type { Summary } from './summary.ts';

export interface MleFit {
  family: 'exponential' | 'lognormal' | 'gamma' | 'weibull';
  dist: DistSpec;
  logLik: number;
  /** Number of free parameters, for AIC. */
  k: number;
}

const LN_2PI = Math.log(2 * Math.PI);

export function fitExponential(s: Summary): MleFit {
  const mean = s.mean;
  return { family: 'exponential', dist: { type: 'exponential', mean }, logLik: -s.n * Math.log(mean) - s.n, k: 1 };
}

export function fitLognormal(s: Summary): MleFit {
  const mu = s.meanLog;
  const sigma = s.sdLog;
  const logLik = -s.sumLog - s.n * Math.log(sigma) - (s.n / 2) * LN_2PI - s.n / 2;
  return { family: 'lognormal', dist: { type: 'lognormal', mu, sigma }, logLik, k: 2 };
}

/** Gamma MLE: Minka's (2002) generalized Newton iteration on the shape. */
export function fitGamma(s: Summary): MleFit {
  const gap = Math.log(s.mean) - s.meanLog; // > 0 unless all samples are equal (Jensen)
  let a = (3 - gap + Math.sqrt((gap - 3) ** 2 + 24 * gap)) / (12 * gap);
  for (let i = 0; i < 100; i++) {
    const next = 1 / (1 / a + (s.meanLog - Math.log(s.mean) + Math.log(a) - digamma(a)) / (a * a * (1 / a - trigamma(a))));
    const done = Math.abs(next - a) <= 1e-12 * a;
    a = next;
    if (done) break;
  }
  const scale = s.mean / a;
  const logLik = (a - 1) * s.sumLog - (s.n * s.mean) / scale - s.n * a * Math.log(scale) - s.n * logGamma(a);
  return { family: 'gamma', dist: { type: 'gamma', shape: a, scale }, logLik, k: 2 };
}

/**
 * Weibull MLE: Newton on the shape's profile equation
 *   Σ yᵏ ln y / Σ yᵏ − 1/k − mean(ln y) = 0,
 * with y = x / max(x) in log space (weights exp(k(ln x − max ln x)) ≤ 1) so nothing overflows.
 */
export function fitWeibull(s: Summary): MleFit {
  let maxLog = -Infinity;
  for (const l of s.logs) maxLog = Math.max(maxLog, l);
  const centred = Array.from(s.logs, (l) => l - maxLog); // ≤ 0
  const meanC = s.meanLog - maxLog;
  const moments = (k: number): [number, number, number] => {
    let w0 = 0, w1 = 0, w2 = 0;
    for (const c of centred) {
      const w = Math.exp(k * c);
      w0 += w;
      w1 += w * c;
      w2 += w * c * c;
    }
    return [w0, w1, w2];
  };
  // Start from the log-scale sd of a Weibull: π / (k √6).
  let k = Math.PI / (Math.max(s.sdLog, 1e-9) * Math.sqrt(6));
  for (let i = 0; i < 200; i++) {
    const [w0, w1, w2] = moments(k);
    const g = w1 / w0 - 1 / k - meanC;
    const dg = (w2 * w0 - w1 * w1) / (w0 * w0) + 1 / (k * k);
    let next = k - g / dg;
    if (!(next > 0)) next = k / 2; // Newton overshot below 0: fall back to halving
    const done = Math.abs(next - k) <= 1e-12 * k;
    k = next;
    if (done) break;
  }
  const [w0] = moments(k);
  const logScale = maxLog + Math.log(w0 / s.n) / k;
  const scale = Math.exp(logScale);
  let sumPow = 0;
  for (const l of s.logs) sumPow += Math.exp(k * (l - logScale));
  const logLik = s.n * Math.log(k) - s.n * k * logScale + (k - 1) * s.sumLog - sumPow;
  return { family: 'weibull', dist: { type: 'weibull', shape: k, scale }, logLik, k: 2 };
}

/** Akaike information criterion: 2k − 2 ln L. */
export function aic(fit: MleFit): number {
  return 2 * fit.k - 2 * fit.logLik;
}
