import type { Distribution } from './spec.ts';
import { type Family, MAX_PARAM } from './family.ts';
import { DistributionSpecError } from './spec-error.ts';

/** Samples an empirical distribution may hold (distribution.schema.json). */
const MAX_SAMPLES = 10_000_000;

/**
 * The samples' ECDF with linear interpolation between order statistics: quantile(p) walks
 * the sorted samples at position p·(n − 1), and sampling is quantile(u) (one uniform per
 * draw). cdf is the exact inverse of that piecewise-linear quantile function.
 */
export const empirical: Family = {
  name: 'empirical',
  keys: ['samples'],
  create(spec, path): Distribution {
    const raw = spec['samples'];
    if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_SAMPLES) {
      throw new DistributionSpecError(`${path}.samples`, raw, `must be a non-empty array of at most ${MAX_SAMPLES} numbers >= 0`);
    }
    raw.forEach((v: unknown, i) => {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw new DistributionSpecError(`${path}.samples[${i}]`, v, 'must be a finite number >= 0');
      }
      if (v > MAX_PARAM) throw new DistributionSpecError(`${path}.samples[${i}]`, v, `must be <= ${MAX_PARAM}`);
    });
    const samples = (raw as number[]).slice();
    const sorted = Float64Array.from(samples).sort();
    const n = sorted.length;
    const last = n - 1;
    const quantile = (p: number): number => {
      if (!(p > 0)) return sorted[0]!;
      const h = p * last;
      const i = Math.floor(h);
      if (i >= last) return sorted[last]!;
      const lo = sorted[i]!;
      return lo + (h - i) * (sorted[i + 1]! - lo);
    };
    // Mean of the interpolated distribution: the trapezoid rule over the order statistics.
    let mean = sorted[0]!;
    if (n > 1) {
      let sum = (sorted[0]! + sorted[last]!) / 2;
      for (let i = 1; i < last; i++) sum += sorted[i]!;
      mean = sum / last;
    }
    return {
      spec: { type: 'empirical', samples },
      sample: (u) => quantile(u()),
      mean: () => mean,
      quantile,
      cdf(x) {
        if (x < sorted[0]!) return 0;
        if (x >= sorted[last]!) return 1;
        // Largest i with sorted[i] <= x (right-continuous at ties).
        let lo = 0;
        let hi = last;
        while (hi - lo > 1) {
          const mid = (lo + hi) >>> 1;
          if (sorted[mid]! <= x) lo = mid;
          else hi = mid;
        }
        const a = sorted[lo]!;
        return (lo + (x - a) / (sorted[lo + 1]! - a)) / last;
      },
    };
  },
};
