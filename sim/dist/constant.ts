import type { Distribution } from './spec.ts';
import { param, type Family } from './family.ts';

/** Always `value`. Draws no uniform, so it never shifts a stream. */
export const constant: Family = {
  name: 'constant',
  keys: ['value'],
  create(spec, path): Distribution {
    const value = param(spec, 'value', path, 'nonNegative');
    return {
      spec: { type: 'constant', value },
      sample: () => value,
      fill: (out) => out.fill(value),
      mean: () => value,
      quantile: () => value,
      cdf: (x) => (x < value ? 0 : 1),
    };
  },
};
