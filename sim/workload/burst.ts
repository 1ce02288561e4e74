// `burst`: `count` requests at once at startTime, repeated every `every` seconds `repeat`
// times. With `spread` > 0 a burst's arrivals are spread uniformly at random over that many
// seconds (sorted), as a real load generator's goroutines/promises start.
import type { Executor } from './arrivals.ts';

type Spec = Extract<import('../scenario/types.ts').WorkloadSpec, { executor: 'burst' }>;

export const burst: Executor<Spec> = {
  name: 'burst',
  create(spec, horizon, u) {
    const start = spec.startTime ?? 0;
    const repeat = spec.every !== undefined ? (spec.repeat ?? 1) : 1;
    const spread = spec.spread ?? 0;
    const offsets = new Float64Array(spec.count);
    let round = 0;
    let i = spec.count; // forces the first round to be drawn
    return {
      next() {
        if (i === spec.count) {
          if (round >= repeat) return Infinity;
          for (let k = 0; k < spec.count; k++) offsets[k] = spread > 0 ? u() * spread : 0;
          if (spread > 0) offsets.sort();
          round++;
          i = 0;
        }
        const t = start + (round - 1) * (spec.every ?? 0) + offsets[i++]!;
        return t < horizon ? t : Infinity;
      },
    };
  },
  expected(spec, horizon) {
    // Bursts that start before the horizon (a spread one may end past it: counted whole).
    const start = spec.startTime ?? 0;
    if (start >= horizon) return 0;
    const rounds = spec.every !== undefined ? Math.min(spec.repeat ?? 1, Math.ceil((horizon - start) / spec.every)) : 1;
    return rounds * spec.count;
  },
};
