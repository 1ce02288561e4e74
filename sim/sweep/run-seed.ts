// One seed of one point, reduced to what a sweep keeps. The local worker threads and the
// remote sim-runner function both run this, so a shard run anywhere gives the same numbers.
import type { CalibrationProfile } from '../profile/types.ts';
import { runScenario } from '../run/run-scenario.ts';
import type { Scenario } from '../scenario/types.ts';
import type { TraceData } from '../trace/trace-data.ts';
import type { SeedRun } from './metrics.ts';

/** `trace`: the parsed trace of an azure-trace workload (TraceCache reads it). `onProgress`
 * is told the fraction done (simulated time over the horizon) as the run goes. */
export function runSeed(
  scenario: Scenario,
  profile: CalibrationProfile | null,
  source: string,
  seed: number,
  trace: TraceData | null = null,
  onProgress?: (fraction: number) => void,
): SeedRun {
  // The profile path only echoes into the full result, which a sweep does not keep.
  const result = runScenario(scenario, profile, null, source, { seed, replications: 1, trace, onProgress: onProgress && ((done, _total, _label, running) => onProgress(done + running)) });
  const v = result.variants[0]!;
  return { summary: v.replications[0]!, e2e: v.histograms.e2e };
}
