// Replays a live run in the simulator: the run's scenario (platform, regime, client,
// pipeline settings) with its exact arrival times as a trace workload, the held-out profile,
// several replications on consecutive seeds.
import type { CalibrationProfile } from '../../sim/profile/types.ts';
import { runScenario } from '../../sim/run/run-scenario.ts';
import type { SimResult } from '../../sim/run/result.ts';
import type { Scenario } from '../../sim/scenario/types.ts';
import type { RunData } from './run-dir.ts';

export function replayScenario(run: RunData): Scenario {
  const arrivals = run.requests.map((r) => r.arrival).sort((a, b) => a - b);
  const { compare: _compare, profile: _profile, ...rest } = run.scenario;
  const last = arrivals[arrivals.length - 1] ?? 0;
  return {
    ...rest,
    name: `${run.scenario.name}-replay`,
    workload: { executor: 'trace', arrivals },
    // The trace must fit in the horizon; the run's own horizon when it does.
    horizon: Math.max(run.scenario.horizon, last + 1e-6),
  };
}

export function replay(run: RunData, profile: CalibrationProfile, profilePath: string, replications: number, seed: number): SimResult {
  return runScenario(replayScenario(run), profile, profilePath, `${run.dir}/scenario.json`, { replications, seed });
}
