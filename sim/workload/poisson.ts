// Poisson arrivals: exponential gaps with mean 1/rate, one uniform per arrival.
import type { Executor } from './arrivals.ts';

type Spec = Extract<import('../scenario/types.ts').WorkloadSpec, { executor: 'poisson' }>;

export const poisson: Executor<Spec> = {
  name: 'poisson',
  create(spec, horizon, u) {
    const start = spec.startTime ?? 0;
    const end = Math.min(horizon, spec.duration !== undefined ? start + spec.duration : Infinity);
    const mean = 1 / spec.rate;
    let t = start;
    return {
      next() {
        t += -Math.log(1 - u()) * mean;
        return t < end ? t : Infinity;
      },
    };
  },
};
