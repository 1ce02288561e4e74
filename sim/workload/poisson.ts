// Poisson arrivals: exponential gaps with mean 1/rate, one uniform per arrival.
import type { Uniform } from '../dist/spec.ts';
import type { ArrivalSource, Executor } from './arrivals.ts';

type Spec = Extract<import('../scenario/types.ts').WorkloadSpec, { executor: 'poisson' }>;

/** A class rather than a closure: a double kept in a closure is boxed anew on every write,
 * while a number field is updated in place (next() runs once per arrival). */
class PoissonSource implements ArrivalSource {
  private t = 0; // starts as a number, so V8 stores it unboxed (see replica.ts)

  constructor(
    start: number,
    private readonly end: number,
    private readonly mean: number,
    private readonly u: Uniform,
  ) {
    this.t = start;
  }

  next(): number {
    this.t += -Math.log(1 - this.u()) * this.mean;
    // 1 / 0 rather than the global Infinity, a tagged constant: with it V8 boxes this.t on
    // every call to build the conditional's value.
    return this.t < this.end ? this.t : 1 / 0;
  }
}

export const poisson: Executor<Spec> = {
  name: 'poisson',
  create(spec, horizon, u) {
    const start = spec.startTime ?? 0;
    const end = Math.min(horizon, spec.duration !== undefined ? start + spec.duration : Infinity);
    return new PoissonSource(start, end, 1 / spec.rate, u);
  },
  expected(spec, horizon) {
    const start = spec.startTime ?? 0;
    const end = Math.min(horizon, spec.duration !== undefined ? start + spec.duration : Infinity);
    return Math.max(0, end - start) * spec.rate;
  },
};
