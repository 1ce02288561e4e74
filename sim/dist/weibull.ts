import type { Distribution } from './spec.ts';
import { param, type Family } from './family.ts';
import { logGamma } from './gamma-fn.ts';

/** Weibull(shape k, scale λ), drawn by inverse transform (one uniform per draw). */
export const weibull: Family = {
  name: 'weibull',
  keys: ['shape', 'scale'],
  create(spec, path): Distribution {
    // Below 0.01 a draw, scale · (−ln(1 − u))^(1/shape) with −ln(1 − u) up to 36.7, and the
    // mean, scale · Γ(1 + 1/shape), overflow to Infinity.
    const shape = param(spec, 'shape', path, 'positive', { min: 0.01 });
    const scale = param(spec, 'scale', path, 'positive');
    const inv = 1 / shape;
    const mean = scale * Math.exp(logGamma(1 + inv));
    return {
      spec: { type: 'weibull', shape, scale },
      sample: (u) => scale * Math.pow(-Math.log(1 - u()) + 0, inv), // + 0: no −0 at u = 0
      fill(out, u) {
        for (let k = 0; k < out.length; k++) out[k] = scale * Math.pow(-Math.log(1 - u()) + 0, inv);
      },
      mean: () => mean,
      quantile: (p) => (p >= 1 ? Infinity : scale * Math.pow(-Math.log1p(-Math.max(0, p)), inv)),
      cdf: (x) => (x <= 0 ? 0 : -Math.expm1(-Math.pow(x / scale, shape))),
    };
  },
};
