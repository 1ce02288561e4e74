import type { Distribution } from './spec.ts';
import { param, type Family } from './family.ts';
import { normalCdf, normalDraw, normalQuantile } from './normal.ts';

/** exp(N(mu, sigma²)), drawn by inverse transform through Φ⁻¹ (one uniform per draw). */
export const lognormal: Family = {
  name: 'lognormal',
  keys: ['mu', 'sigma'],
  create(spec, path): Distribution {
    // Log-scale location (negative is fine) and spread, bounded so that neither a draw
    // (mu + 8.3 sigma at most) nor the mean (mu + sigma²/2) overflows exp.
    const mu = param(spec, 'mu', path, 'finite', { min: -50, max: 50 });
    const sigma = param(spec, 'sigma', path, 'positive', { max: 20 });
    const mean = Math.exp(mu + (sigma * sigma) / 2);
    return {
      spec: { type: 'lognormal', mu, sigma },
      sample: (u) => Math.exp(mu + sigma * normalDraw(u())),
      fill(out, u) {
        for (let k = 0; k < out.length; k++) out[k] = Math.exp(mu + sigma * normalDraw(u()));
      },
      mean: () => mean,
      quantile: (p) => Math.exp(mu + sigma * normalQuantile(p)),
      cdf: (x) => (x <= 0 ? 0 : normalCdf((Math.log(x) - mu) / sigma)),
    };
  },
};
