// `trace`: explicit arrival times (ascending), e.g. replayed from a live run by `validate`.
import type { Executor } from './arrivals.ts';

type Spec = Extract<import('../scenario/types.ts').WorkloadSpec, { executor: 'trace' }>;

export const trace: Executor<Spec> = {
  name: 'trace',
  create(spec, horizon) {
    let i = 0;
    return {
      next() {
        const t = spec.arrivals[i++];
        return t !== undefined && t < horizon ? t : Infinity;
      },
    };
  },
  expected(spec, horizon) {
    const i = spec.arrivals.findIndex((t) => !(t < horizon)); // ascending (load.ts checks)
    return i < 0 ? spec.arrivals.length : i;
  },
};
