// The arrival times of a live run: the simulator's own executor, seed and stream name
// (sim/run/replication.ts), so a live run and a simulated replication see the same load.
import { createStreams } from '../../sim/random/streams.ts';
import type { Scenario } from '../../sim/scenario/types.ts';
import { plan } from '../../sim/workload/arrivals.ts';
import { createArrivals } from '../../sim/workload/registry.ts';

/** Seconds from the start of the run, ascending, for the scenario's seed (or `seed`). */
export function liveArrivals(scenario: Scenario, seed = scenario.seed): number[] {
  return plan(createArrivals(scenario.workload, scenario.horizon, createStreams(seed).stream('arrivals')));
}
