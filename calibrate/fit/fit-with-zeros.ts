// Fits non-negative values that may contain exact zeros (first-call penalties clipped at 0,
// fan-out counts): the zeros become an atom, the positive part a fitted family, joined as a
// mixture. Too few positive values for a fit give a constant at their median.
import type { Fit } from '../../sim/profile/types.ts';
import type { DistSpec } from '../../sim/dist/spec.ts';
import { median } from '../profile/stats.ts';
import { fitSamples, type FitOptions } from './fit-samples.ts';
import { FitInputError } from './fit-error.ts';

export interface FitWithZerosOptions extends FitOptions {
  /** Fewer positive values than this give a constant at their median (default 3). */
  minFit?: number;
}

export function fitWithZeros(values: readonly number[], opts: FitWithZerosOptions = {}): Fit {
  const { minFit = 3, minTrusted = 10, maxSamples = 500 } = opts;
  if (values.length === 0) throw new FitInputError(undefined, values, 'needs at least one sample');
  values.forEach((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new FitInputError(i, x, 'must be a finite number');
    if (x < 0) throw new FitInputError(i, x, 'must be >= 0');
  });
  const n = values.length;
  const positives = values.filter((x) => x > 0);
  const warning = n < minTrusted ? `only ${n} samples: too few to trust` : undefined;
  const samples = values.length <= maxSamples ? values.slice() : undefined;
  const wrap = (dist: DistSpec, family: string, extra: Partial<Fit> = {}): Fit => ({
    dist,
    family,
    n,
    ...extra,
    ...(warning ? { warning } : {}),
    ...(samples ? { samples } : {}),
  });

  if (positives.length === 0) return wrap({ type: 'constant', value: 0 }, 'constant', { ks: 0 });
  let part: Fit;
  if (positives.length < minFit) {
    part = { dist: { type: 'constant', value: median(positives) }, family: 'constant', n: positives.length };
  } else {
    part = fitSamples(positives, { ...opts, minTrusted: 0 });
  }
  if (positives.length === n) {
    // No zeros: the plain fit, under this call's warning rule.
    const { warning: _partWarning, ...rest } = part;
    return { ...rest, n, ...(warning ? { warning } : {}), ...(rest.samples || !samples ? {} : { samples }) };
  }
  const zeros = n - positives.length;
  return wrap(
    {
      type: 'mixture',
      components: [
        { weight: zeros / n, dist: { type: 'constant', value: 0 } },
        { weight: positives.length / n, dist: part.dist },
      ],
    },
    `mixture(constant 0, ${part.family})`,
  );
}
