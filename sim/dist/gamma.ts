import type { Distribution, Uniform } from './spec.ts';
import { param, type Family } from './family.ts';
import { gammaP } from './gamma-fn.ts';
import { invertCdf } from './invert-cdf.ts';
import { normalDraw, normalQuantile } from './normal.ts';

/**
 * Gamma(shape k, scale θ), drawn by Marsaglia–Tsang (2000). Its normal deviates come from
 * Φ⁻¹(u) so that every uniform comes from the stream passed in; nothing is cached between
 * calls, as the same object serves several streams. Shape < 1 uses the boost
 * Gamma(k) = Gamma(k + 1) · U^(1/k).
 */
export const gamma: Family = {
  name: 'gamma',
  keys: ['shape', 'scale'],
  create(spec, path): Distribution {
    const shape = param(spec, 'shape', path, 'positive');
    const scale = param(spec, 'scale', path, 'positive');
    const boost = shape < 1;
    const d = (boost ? shape + 1 : shape) - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    const invShape = 1 / shape;
    const cdf = (x: number): number => (x <= 0 ? 0 : gammaP(shape, x / scale));
    function draw(u: Uniform): number {
      let g: number;
      for (;;) {
        const x = normalDraw(u());
        const t = 1 + c * x;
        if (t <= 0) continue;
        const v = t * t * t;
        const w = u();
        // Squeeze first (cheap), then the exact log test.
        if (w < 1 - 0.0331 * x * x * x * x || Math.log(w) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
          g = d * v;
          break;
        }
      }
      if (boost) g *= Math.pow(u(), invShape);
      return g * scale;
    }
    return {
      spec: { type: 'gamma', shape, scale },
      sample: draw,
      fill(out, u) {
        for (let k = 0; k < out.length; k++) out[k] = draw(u);
      },
      mean: () => shape * scale,
      quantile(p) {
        if (p <= 0) return 0;
        if (p >= 1) return Infinity;
        // Wilson–Hilferty start; the bracket in invertCdf makes a poor start harmless.
        const z = normalQuantile(p);
        const h = 1 / (9 * shape);
        const wh = shape * Math.pow(Math.max(1 - h + z * Math.sqrt(h), 0.01), 3) * scale;
        return invertCdf(cdf, p, wh);
      },
      cdf,
    };
  },
};
