// k6 `constant-arrival-rate`: `rate` arrivals per `timeUnit`, evenly spaced, from
// startTime for `duration` (or to the horizon).
import type { Executor } from './arrivals.ts';

type Spec = Extract<import('../scenario/types.ts').WorkloadSpec, { executor: 'constant-arrival-rate' }>;

export const constantArrivalRate: Executor<Spec> = {
  name: 'constant-arrival-rate',
  create(spec, horizon) {
    const gap = (spec.timeUnit ?? 1) / spec.rate;
    const start = spec.startTime ?? 0;
    const end = Math.min(horizon, spec.duration !== undefined ? start + spec.duration : Infinity);
    let i = 0;
    return {
      next() {
        const t = start + i * gap; // multiply, don't accumulate: no drift over long runs
        if (t >= end) return Infinity;
        i++;
        return t;
      },
    };
  },
  expected(spec, horizon) {
    const start = spec.startTime ?? 0;
    const end = Math.min(horizon, spec.duration !== undefined ? start + spec.duration : Infinity);
    return end > start ? Math.ceil(((end - start) * spec.rate) / (spec.timeUnit ?? 1)) : 0;
  },
};
