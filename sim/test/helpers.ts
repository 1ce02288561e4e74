// Small builders for simulator tests: a one-function scenario with every timeout out of
// the way unless a test sets it, and a compact pipeline profile.
import type { DistSpec } from '../dist/spec.ts';
import type { FunctionConfig } from '../model/config.ts';
import type { CalibrationProfile, Fit } from '../profile/types.ts';
import { runScenario } from '../run/run-scenario.ts';
import type { SimResult } from '../run/result.ts';
import { parseScenario } from '../scenario/load.ts';
import { resolveScenario } from '../scenario/resolve.ts';
import type { FunctionSpec, Scenario } from '../scenario/types.ts';

const FAR = 1e7;

export function oneFunction(fn: FunctionSpec, rest: Partial<Scenario> = {}): Scenario {
  const base = {
    format: 'fave.scenario/v1',
    name: 'test',
    seed: 7,
    horizon: 1000,
    target: 'fn',
    workload: { executor: 'poisson', rate: 1 },
    client: { timeout: FAR },
    ...rest,
    platform: {
      nodes: [{ cores: null }],
      gateway: { upstreamTimeout: FAR, writeTimeout: FAR, readTimeout: FAR },
      provider: { timeout: FAR, readinessInitialDelay: 0, readinessPeriod: 0.001 },
      ...rest.platform,
      functions: { fn: { execTimeout: FAR, ...fn } },
    },
  };
  return parseScenario(JSON.parse(JSON.stringify(base)), 'test');
}

export function simulate(s: Scenario, profile: CalibrationProfile | null = null): SimResult {
  return runScenario(s, profile, null, 'test');
}

export const exp = (mean: number): DistSpec => ({ type: 'exponential', mean });
export const constant = (value: number): DistSpec => ({ type: 'constant', value });
const fit = (dist: DistSpec): Fit => ({ dist, family: dist.type, n: 0 });

/** A pipeline profile with constant stage times, so tests can reason about exact sums. */
export function pipelineProfile(warm = 1, opts: { clips?: number; frames?: number; firstCall?: number; start?: number; init?: number; cores?: number } = {}): CalibrationProfile {
  const stage = () => ({
    warm: fit(constant(warm)),
    containerStart: fit(constant(opts.start ?? 1)),
    init: fit(constant(opts.init ?? 0.5)),
    firstCall: fit(constant(opts.firstCall ?? 0)),
  });
  return {
    format: 'fave.calibration/v1',
    measured: { source: 'test', date: '2026-01-01' },
    node: { cores: opts.cores ?? 2 },
    stages: Object.fromEntries(['ffmpeg-0', 'librosa', 'ffmpeg-1', 'ffmpeg-2', 'deepspeech', 'ffmpeg-3', 'object-detector'].map((n) => [n, stage()])),
    fanout: { clipsPerVideo: fit(constant(opts.clips ?? 2)), framesPerClip: fit(constant(opts.frames ?? 3)) },
  };
}

/**
 * A function's resolved configuration, as the simulator builds it from a one-function
 * scenario (every default applied), for model tests that construct replicas by hand.
 */
export function functionConfig(fn: FunctionSpec = {}, name = 'fn'): FunctionConfig {
  const cfg = resolveScenario(oneFunction({ warm: constant(1), ...fn }), null, 'test');
  return { ...cfg.functions[0]!, name };
}
