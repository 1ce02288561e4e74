import type { Distribution } from './spec.ts';
import { param, type Family } from './family.ts';

/** Exponential with the given mean, drawn by inverse transform (one uniform per draw). */
export const exponential: Family = {
  name: 'exponential',
  keys: ['mean'],
  create(spec, path): Distribution {
    const mean = param(spec, 'mean', path, 'positive');
    return {
      spec: { type: 'exponential', mean },
      // 1 − u lies in (0, 1], so the log is finite; + 0 turns −0 (at u = 0) into 0.
      sample: (u) => -mean * Math.log(1 - u()) + 0,
      fill(out, u) {
        for (let k = 0; k < out.length; k++) out[k] = -mean * Math.log(1 - u()) + 0;
      },
      mean: () => mean,
      quantile: (p) => (p >= 1 ? Infinity : -mean * Math.log1p(-Math.max(0, p))),
      cdf: (x) => (x <= 0 ? 0 : -Math.expm1(-x / mean)),
    };
  },
};
