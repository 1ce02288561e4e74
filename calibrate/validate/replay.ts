// Replays a live run in the simulator: the run's scenario (platform, regime, client,
// pipeline settings) with its exact arrival times as a trace workload, the fan-out its
// video had, the held-out profile, several replications on consecutive seeds.
import type { DistSpec } from '../../sim/dist/spec.ts';
import type { CalibrationProfile } from '../../sim/profile/types.ts';
import { runScenario } from '../../sim/run/run-scenario.ts';
import type { SimResult } from '../../sim/run/result.ts';
import type { Scenario } from '../../sim/scenario/types.ts';
import type { RunData } from './run-dir.ts';
import { withSpeedTrace } from './speed-trace.ts';

type SpeedTrace = NonNullable<NonNullable<Scenario['platform']>['speedTrace']>;

/** A constant when every sample agrees, else the samples as an empirical distribution. */
function observed(samples: number[]): DistSpec {
  return samples.every((x) => x === samples[0]) ? { type: 'constant', value: samples[0]! } : { type: 'empirical', samples };
}

/**
 * The fan-out the run's video produced, from the stage calls its successful pipeline
 * requests reported: clips = ffmpeg-2 calls, frames per clip = object-detector calls over
 * ffmpeg-3 calls. The fan-out belongs to the input, not to the platform, so it must come
 * from the run: a profile's fan-out averages the calibration's videos (the 30 s fixture has
 * 4 clips, the profile measured over two videos says 2.5). Null when nothing completed.
 */
export function observedFanout(run: RunData): { clipsPerVideo: DistSpec; framesPerClip: DistSpec } | null {
  const clips: number[] = [];
  const frames: number[] = [];
  for (const r of run.requests) {
    if (r.outcome !== 'ok' || r.calls.length === 0) continue;
    const count = (fn: string) => r.calls.filter((c) => c.fn === fn).length;
    clips.push(count('ffmpeg-2'));
    const sampled = count('ffmpeg-3');
    if (sampled > 0) frames.push(count('object-detector') / sampled);
  }
  if (clips.length === 0) return null;
  return { clipsPerVideo: observed(clips), framesPerClip: frames.length > 0 ? observed(frames) : { type: 'constant', value: 0 } };
}

export function replayScenario(run: RunData): Scenario {
  const arrivals = run.requests.map((r) => r.arrival).sort((a, b) => a - b);
  const { compare: _compare, profile: _profile, ...rest } = run.scenario;
  const last = arrivals[arrivals.length - 1] ?? 0;
  const pipeline = (rest.target ?? 'pipeline') === 'pipeline' ? observedFanout(run) : null;
  return {
    ...rest,
    name: `${run.scenario.name}-replay`,
    // The arrivals are the run's; how they are sent (asynchronously, with a callback) too.
    workload: {
      executor: 'trace', arrivals,
      ...(rest.workload.invoke !== undefined ? { invoke: rest.workload.invoke } : {}),
      ...(rest.workload.callback !== undefined ? { callback: rest.workload.callback } : {}),
    },
    // The trace must fit in the horizon; the run's own horizon when it does.
    horizon: Math.max(run.scenario.horizon, last + 1e-6),
    ...(pipeline ? { pipeline: { ...rest.pipeline, ...pipeline } } : {}),
  };
}

/**
 * The replay, keeping each replication's raw latencies: the two-sample tests and distances
 * of score.ts compare them with the live samples. With `speedTrace`, the machine's measured
 * speed during the run replaces the modelled drift (speed-trace.ts).
 */
export function replay(run: RunData, profile: CalibrationProfile, profilePath: string, replications: number, seed: number, speedTrace?: SpeedTrace): SimResult {
  const scenario = speedTrace ? withSpeedTrace(replayScenario(run), speedTrace) : replayScenario(run);
  return runScenario(scenario, profile, profilePath, `${run.dir}/scenario.json`, { replications, seed, keepSamples: true });
}
