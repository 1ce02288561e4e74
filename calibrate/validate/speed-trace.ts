// From a live run directory to the machine's speed during the run, as the scenario field
// `platform.speedTrace` the simulator replays (docs/simulator.md): speed(t) = baseline /
// probe(t), where probe(t) is how long a fixed small CPU job took at t (machine.jsonl). A
// replay with the trace and one without then separate the model's error from the machine's
// noise (issue #21).
//
// The baseline is the probe's time on the machine as calibrated: the profile's
// `conditions.probe.baseline` (the median probe during calibration) when it has one, so the
// trace carries the run's difference from calibration too; else the run's own median probe,
// so the trace carries only the movement within the run (`baselineSource` says which).
//
// Clock: `t` is taken to be on the run's arrival clock (requests.jsonl `arrival`: seconds
// after the clock of live/run/run-live.ts starts, just before the first request), since the
// recorder starts with the run. `clockOffset` is there for a recorder whose 0 is earlier:
// the time on the machine clock at which the arrival clock reads 0.
import type { CalibrationProfile } from '../../sim/profile/types.ts';
import { SPEED_TRACE_MAX, SPEED_TRACE_MAX_POINTS, SPEED_TRACE_MIN } from '../../sim/input/limits.ts';
import type { Scenario } from '../../sim/scenario/types.ts';
import { InputError } from '../errors.ts';
import { median } from '../profile/stats.ts';
import { type MachineSample, readMachineLog } from './machine-log.ts';

/**
 * Samples in the rolling median. The probe runs for a few milliseconds, so one sample the
 * scheduler preempted (another process's time slice, a GC pause of the recorder) reads as a
 * slow machine for a whole second: noise, not the machine. A real slowdown (a busy
 * neighbour, throttling) lasts seconds and so holds 3 of 5 samples, which a median of 5
 * keeps; one or two odd samples in a row it drops. Centred, so the trace does not lag.
 */
export const SMOOTH_SAMPLES = 5;

export type BaselineSource = 'profile' | 'run-median';

export interface SpeedTraceOfRun {
  /** The scenario's `platform.speedTrace`. */
  speedTrace: { at: number[]; speed: number[] };
  /** Probe seconds that mean speed 1. */
  baseline: number;
  baselineSource: BaselineSource;
  /** The machine log it was read from, and how many samples it had. */
  file: string;
  samples: number;
  /** Samples whose speed fell outside [SPEED_TRACE_MIN, SPEED_TRACE_MAX] and were clamped. */
  clamped: number;
}


/** The profile's median probe seconds during calibration, or null when it has none. */
export function probeBaselineOf(profile: CalibrationProfile | null, profilePath = 'profile'): number | null {
  // The loader validates profiles against their schema; a profile built in code is checked here.
  const baseline: unknown = profile?.conditions?.probe.baseline;
  if (baseline === undefined) return null;
  if (typeof baseline !== 'number' || !Number.isFinite(baseline) || !(baseline > 0)) {
    throw new InputError(`${profilePath}: $.conditions.probe.baseline must be a number of seconds > 0, got ${JSON.stringify(baseline)}`);
  }
  return baseline;
}

/** The run directory's speed trace, or null when the run has no machine.jsonl. */
export function speedTraceOfRun(dir: string, profile: CalibrationProfile | null, opts: { profilePath?: string; clockOffset?: number } = {}): SpeedTraceOfRun | null {
  const log = readMachineLog(dir);
  if (!log) return null;
  return speedTraceOf(log.samples, probeBaselineOf(profile, opts.profilePath), log.file, opts.clockOffset ?? clockOffsetOf(log.samples));
}

/**
 * How far the recorder's clock runs ahead of the run's arrival clock: `t - run` of the first
 * sample that carries both (the recorder starts before the platform and its warm-up); 0 for a
 * log without `run` (the recorder started with the arrivals).
 */
export function clockOffsetOf(samples: readonly MachineSample[]): number {
  const s = samples.find((x) => x.run !== undefined);
  return s ? s.t - s.run! : 0;
}

/**
 * The trace of samples in time order (as machine-log.ts returns them). `baseline` null: the
 * samples' own median probe. Each sample's speed holds from halfway to the sample before
 * until halfway to the one after (the speed at any moment is that of the nearest sample),
 * and the first point is moved to 0.
 */
export function speedTraceOf(samples: readonly MachineSample[], baseline: number | null, file: string, clockOffset = 0): SpeedTraceOfRun {
  if (samples.length === 0) throw new InputError(`${file}: no samples`);
  if (!Number.isFinite(clockOffset)) throw new InputError(`${file}: the clock offset must be a finite number of seconds, got ${clockOffset}`);
  const probes = samples.map((s) => s.probe);
  const base = baseline ?? median(probes);
  const smoothed = rollingMedian(probes, SMOOTH_SAMPLES);
  let clamped = 0;
  const speeds = smoothed.map((p) => {
    const v = base / p;
    if (v < SPEED_TRACE_MIN || v > SPEED_TRACE_MAX) clamped++;
    return Math.min(SPEED_TRACE_MAX, Math.max(SPEED_TRACE_MIN, v));
  });
  const at = [0];
  const speed = [speeds[0]!];
  for (let i = 1; i < samples.length; i++) {
    const from = (samples[i - 1]!.t + samples[i]!.t) / 2 - clockOffset;
    if (!(from > 0)) {
      speed[0] = speeds[i]!; // still before the run's clock starts: the speed at 0 so far
      continue;
    }
    // Halfway between two adjacent doubles can round onto one of them: never a repeat.
    if (!(from > at[at.length - 1]!)) continue;
    if (speeds[i] === speed[speed.length - 1]) continue; // no change, no point
    at.push(from);
    speed.push(speeds[i]!);
  }
  if (at.length > SPEED_TRACE_MAX_POINTS) {
    throw new InputError(`${file}: the speed trace has ${at.length} points, more than a scenario takes (${SPEED_TRACE_MAX_POINTS})`);
  }
  return { speedTrace: { at, speed }, baseline: base, baselineSource: baseline === null ? 'run-median' : 'profile', file, samples: samples.length, clamped };
}

/** The scenario replayed on the measured machine: `platform.speedTrace` set, the modelled
 * drift `platform.speed` removed (the simulator refuses both; the profile's drift is
 * replaced by the trace too). The scenario given is not changed. */
export function withSpeedTrace(scenario: Scenario, trace: { at: number[]; speed: number[] }): Scenario {
  const { speed: _speed, ...platform } = scenario.platform ?? {};
  return { ...scenario, platform: { ...platform, speedTrace: { at: [...trace.at], speed: [...trace.speed] } } };
}

/** Each value replaced by the median of the `width` values centred on it (fewer at the ends). */
export function rollingMedian(xs: readonly number[], width: number): number[] {
  const half = width >> 1;
  return xs.map((_, i) => median(xs.slice(Math.max(0, i - half), Math.min(xs.length, i + half + 1))));
}
