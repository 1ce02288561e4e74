import type { DistSpec, Distribution } from './spec.ts';
import { param, type Family } from './family.ts';
import { DistributionSpecError } from './spec-error.ts';
import { invertCdf } from './invert-cdf.ts';
import { nearNote } from '../input/did-you-mean.ts';

/** Components a mixture may have (distribution.schema.json). */
const MAX_COMPONENTS = 1000;

/**
 * A weighted mixture. A draw takes one uniform to pick the component (weights need not sum
 * to 1; they are normalized), then the component's own draw.
 */
export const mixture: Family = {
  name: 'mixture',
  keys: ['components'],
  create(spec, path, build): Distribution {
    const raw = spec['components'];
    const at = `${path}.components`;
    if (!Array.isArray(raw) || raw.length === 0 || raw.length > MAX_COMPONENTS) {
      throw new DistributionSpecError(at, raw, `must be a non-empty array of at most ${MAX_COMPONENTS} {weight, dist}`);
    }
    const weights: number[] = [];
    const parts: Distribution[] = [];
    raw.forEach((c: unknown, i) => {
      const cp = `${at}[${i}]`;
      if (typeof c !== 'object' || c === null || Array.isArray(c)) {
        throw new DistributionSpecError(cp, c, 'must be an object {weight, dist}');
      }
      const rec = c as Record<string, unknown>;
      for (const key of Object.keys(rec)) {
        if (key !== 'weight' && key !== 'dist') {
          throw new DistributionSpecError(`${cp}.${key}`, rec[key], `is not a mixture component key${nearNote(key, ['weight', 'dist'])} (weight, dist)`);
        }
      }
      weights.push(param(rec, 'weight', cp, 'nonNegative'));
      parts.push(build(rec['dist'], `${cp}.dist`));
    });
    const total = weights.reduce((s, w) => s + w, 0);
    if (!(total > 0)) throw new DistributionSpecError(at, raw, 'weights must sum to > 0');
    const k = parts.length;
    const cumulative = new Float64Array(k);
    let acc = 0;
    for (let i = 0; i < k; i++) {
      acc += weights[i]! / total;
      cumulative[i] = acc;
    }
    // Absorb rounding so every u < 1 lands on a component with weight > 0.
    let lastPositive = k - 1;
    while (weights[lastPositive] === 0) lastPositive--;
    for (let i = lastPositive; i < k; i++) cumulative[i] = 1;
    const mean = parts.reduce((s, d, i) => s + (weights[i]! / total) * d.mean(), 0);
    const cdfs = parts.map((d) => d.cdf);
    const components: { weight: number; dist: DistSpec }[] = parts.map((d, i) => ({ weight: weights[i]!, dist: d.spec }));
    const dist: Distribution = {
      spec: { type: 'mixture', components },
      sample(u) {
        const v = u();
        let i = 0;
        while (i < k - 1 && v >= cumulative[i]!) i++;
        return parts[i]!.sample(u);
      },
      mean: () => mean,
      quantile(p) {
        if (p <= 0) return Math.min(...parts.filter((_, i) => weights[i]! > 0).map((d) => d.quantile(0)));
        if (p >= 1) return Math.max(...parts.filter((_, i) => weights[i]! > 0).map((d) => d.quantile(1)));
        return invertCdf(mixCdf, p, mean);
      },
    };
    function mixCdf(x: number): number {
      let s = 0;
      for (let i = 0; i < k; i++) s += (weights[i]! / total) * cdfs[i]!(x);
      return s;
    }
    if (cdfs.every((c) => c !== undefined)) dist.cdf = mixCdf;
    return dist;
  },
};
