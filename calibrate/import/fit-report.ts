// One line per fit for the import report (printed, and kept in measured.notes): the method,
// the sample size, the goodness of fit, and what the fit left out.
import { createDistribution } from '../../sim/dist/registry.ts';
import type { Fit } from '../../sim/profile/types.ts';
import type { Score } from './contention-fit.ts';

export const r2 = (x: number): string => (Number.isFinite(x) ? x.toFixed(2) : String(x));
export const r3 = (x: number): string => (Number.isFinite(x) ? x.toFixed(3) : String(x));

/** "lognormal, median 1.072 s, mean 1.3 s, n=8, KS 0.18, AIC 4.1" (fields absent from the fit left out). */
export function describeFit(fit: Fit, unit = 's'): string {
  const d = createDistribution(fit.dist);
  const parts = [`${fit.family}, median ${r3(d.quantile(0.5))} ${unit}, mean ${r3(d.mean())} ${unit}`, `n=${fit.n}`];
  if (fit.ks !== undefined) parts.push(`KS ${r3(fit.ks)}`);
  if (fit.aic !== undefined) parts.push(`AIC ${r2(fit.aic)}`);
  if (fit.warning) parts.push(`(${fit.warning})`);
  return parts.join(', ');
}

export const MLE_METHOD = 'maximum likelihood over exponential, lognormal, gamma and Weibull, the smallest AIC kept (calibrate/fit/fit-samples.ts)';
export const ZEROS_METHOD = 'values clipped at 0: an atom at 0 plus a maximum-likelihood family over the positive ones, a constant at their median when fewer than 3 (calibrate/fit/fit-with-zeros.ts)';

export function describeScore(s: Score): string {
  return s.n === 0 ? 'n=0' : `n=${s.n}, median observed/predicted ${r2(s.medianRatio)}, rms ln(observed/predicted) ${r2(s.rmsLog)}`;
}
