import type { Distribution } from './spec.ts';
import { param, type Family } from './family.ts';

/** `shift` + a draw from `base`: e.g. a fixed floor under a variable part. */
export const shifted: Family = {
  name: 'shifted',
  keys: ['shift', 'base'],
  create(spec, path, build): Distribution {
    const shift = param(spec, 'shift', path, 'nonNegative');
    const base = build(spec['base'], `${path}.base`);
    const baseCdf = base.cdf;
    const dist: Distribution = {
      spec: { type: 'shifted', shift, base: base.spec },
      sample: (u) => shift + base.sample(u),
      mean: () => shift + base.mean(),
      quantile: (p) => shift + base.quantile(p),
    };
    if (baseCdf) dist.cdf = (x) => baseCdf(x - shift);
    return dist;
  },
};
