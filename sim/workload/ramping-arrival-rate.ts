// k6 `ramping-arrival-rate`: the rate moves linearly from startRate through each stage's
// target over its duration. Arrivals are placed deterministically where the cumulative
// expected count crosses each integer (as k6 does), by solving the quadratic of a linear
// ramp within the current stage.
import type { Executor } from './arrivals.ts';

type Spec = Extract<import('../scenario/types.ts').WorkloadSpec, { executor: 'ramping-arrival-rate' }>;

export const rampingArrivalRate: Executor<Spec> = {
  name: 'ramping-arrival-rate',
  create(spec, horizon) {
    const unit = spec.timeUnit ?? 1;
    const start = spec.startTime ?? 0;
    let stage = 0;
    let stageStart = start;
    let rate0 = (spec.startRate ?? 0) / unit; // per second at the stage start
    let countAtStageStart = 0;
    let n = 0; // arrivals emitted
    return {
      next() {
        for (;;) {
          const s = spec.stages[stage];
          if (!s) return Infinity;
          const rate1 = s.target / unit;
          const stageCount = ((rate0 + rate1) / 2) * s.duration;
          const want = n + 1 - countAtStageStart; // arrivals needed inside this stage
          if (want <= stageCount + 1e-9) {
            // cumulative in stage: rate0*x + (rate1-rate0)/(2*d) * x^2 = want
            const a = (rate1 - rate0) / (2 * s.duration);
            const x = Math.abs(a) < 1e-15 ? want / rate0 : (-rate0 + Math.sqrt(Math.max(0, rate0 * rate0 + 4 * a * want))) / (2 * a);
            const t = stageStart + x;
            if (t >= horizon) return Infinity;
            n++;
            return t;
          }
          countAtStageStart += stageCount;
          stageStart += s.duration;
          rate0 = rate1;
          stage++;
        }
      },
    };
  },
  expected(spec, horizon) {
    // The area under the rate, stage by stage, up to the horizon.
    const unit = spec.timeUnit ?? 1;
    let at = spec.startTime ?? 0;
    let rate0 = (spec.startRate ?? 0) / unit;
    let total = 0;
    for (const s of spec.stages) {
      if (at >= horizon) break;
      const rate1 = s.target / unit;
      const x = Math.min(s.duration, horizon - at);
      total += rate0 * x + ((rate1 - rate0) / (2 * s.duration)) * x * x;
      at += s.duration;
      rate0 = rate1;
    }
    return Math.floor(total + 1e-9);
  },
};
