// A load shape turned into arrival times: `next()` returns the next arrival time in
// seconds, or Infinity when the shape is exhausted or the horizon is reached. Pull-based,
// so the engine keeps exactly one pending arrival event and nothing is stored per request.
import type { Uniform } from '../dist/spec.ts';
import type { WorkloadSpec } from '../scenario/types.ts';

export interface ArrivalSource {
  next(): number;
}

export interface Executor<S extends WorkloadSpec = WorkloadSpec> {
  name: S['executor'];
  create(spec: S, horizon: number, u: Uniform): ArrivalSource;
  /** How many arrivals `create(spec, horizon, u)` gives, in expectation, worked out without
   * drawing them: what a run is sized by before it starts (sim/run/work-estimate.ts). */
  expected(spec: S, horizon: number): number;
}

/** All arrival times of a shape, for tests and the live runner (which replays the same plan). */
export function plan(source: ArrivalSource, limit = 10_000_000): number[] {
  const out: number[] = [];
  for (let t = source.next(); t !== Infinity && out.length < limit; t = source.next()) out.push(t);
  return out;
}
