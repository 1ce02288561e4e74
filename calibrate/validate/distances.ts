// The four distances validate measures between two latency samples, the same for every
// comparison (a simulated replication against a live run, one live run against another, one
// half of a run against the other), so a simulated distance and the noise floor are always
// the same quantity:
//   p50, p95: relative error of the other sample's percentile against the reference's
//     (signed; the verdicts use its magnitude);
//   ks: the two-sample KS statistic D;
//   w1: the Wasserstein-1 distance divided by the reference's median.
// Percentiles are linear between order statistics (numpy's default), as everywhere in calibrate/.
import { quantile } from '../profile/stats.ts';
import { ks2Statistic } from './stats/ks2.ts';
import { wasserstein1 } from './stats/wasserstein.ts';

export const METRICS = ['p50', 'p95', 'ks', 'w1'] as const;
export type Metric = (typeof METRICS)[number];
export type Distances = Record<Metric, number>;

const rel = (x: number, ref: number) => (ref === 0 ? (x === 0 ? 0 : Infinity) : (x - ref) / ref);

/** The distances of `other` measured against `ref`; both need at least one value. */
export function distances(ref: readonly number[], other: readonly number[]): Distances {
  const med = quantile(ref, 0.5);
  return {
    p50: rel(quantile(other, 0.5), med),
    p95: rel(quantile(other, 0.95), quantile(ref, 0.95)),
    ks: ks2Statistic(ref, other),
    w1: med === 0 ? Infinity : wasserstein1(ref, other) / med,
  };
}

/** The median of finite values (NaN when there are none). */
export function medianOf(xs: readonly number[]): number {
  const f = xs.filter((x) => !Number.isNaN(x));
  return f.length === 0 ? NaN : quantile(f, 0.5);
}
