// Calibration profile, format `fave.calibration/v1` (docs/design.md, "Data contracts").
// Written by calibrate/, read by sim/. The JSON Schema in schemas/calibration.schema.json
// is the source of truth for validation; these types mirror it.
import type { DistSpec } from '../dist/spec.ts';
import type { HostInfo } from './host.ts';

export const CALIBRATION_FORMAT = 'fave.calibration/v1';

/** One fitted sample set: the chosen distribution plus the evidence for it. */
export interface Fit {
  dist: DistSpec; // the chosen fit (or an empirical one when no family fits)
  family: string; // 'lognormal' | 'gamma' | ... | 'empirical' | 'constant'
  n: number; // sample size
  ks?: number; // Kolmogorov-Smirnov statistic of the chosen fit
  aic?: number;
  candidates?: { family: string; dist: DistSpec; aic: number; ks: number }[];
  warning?: string; // e.g. "only 4 samples: too few to trust"
  samples?: number[]; // raw samples, the empirical fallback
}

export interface StageProfile {
  /** Warm service time of one call, seconds (download + compute + upload inside the handler). */
  warm: Fit;
  /** CPU seconds consumed per warm call (including child processes); undefined = CPU-bound = warm. */
  cpu?: Fit;
  /** Container start: scale request -> process listening (seconds). */
  containerStart: Fit;
  /** Process init: listening -> ready (module load before first request), seconds. */
  init?: Fit;
  /** Extra time on the first call of a process (lazy imports, model load), seconds. */
  firstCall: Fit;
  /** Latency multiplier vs concurrency inside one replica, beyond CPU sharing. */
  contention?: { concurrency: number; slowdown: number }[];
  /**
   * The most cores one replica was seen to use (CPU demand of a round of simultaneous calls
   * over its duration), when clearly below the node's: a stage that serialises its work (one
   * decoder) or runs JavaScript on one thread. The simulator's per-replica CPU cap.
   */
  cpuLimit?: number;
  /**
   * Calls one replica works on at once, when it serves them in turn rather than together
   * (deepspeech's one decoder: 1): calls sent together then end one after another.
   */
  workers?: number;
  /**
   * How much slower the call's CPU-bound work runs, beyond processor sharing, while the
   * node's other cores are busy with other work (shared caches, memory bandwidth): 0.1 =
   * 10% slower when they are all busy. Measured against a CPU-bound neighbour.
   */
  interference?: number;
  /** Resident memory in MB: base per replica + per in-flight request. */
  memoryMB?: { base: number; perRequest: number };
}

export interface NodeSpeedSpec {
  sigma: number;
  tau: number;
}

/** Seconds, load or steal over a calibration: mean and max, or percentiles. */
export interface MachineConditions {
  /** Seconds the probe's fixed CPU work took: `baseline` is its median over the calibration's
   * calls (the speed trace's 1.0), then percentiles over the same samples. Profiles written
   * before 2026-12-07 hold the pre-check's median there. */
  probe: { baseline: number; p50: number; p95: number; max: number };
  load1: { mean: number; max: number };
  /** Fraction of CPU time stolen by the hypervisor; null where /proc/stat has none. */
  steal: { mean: number; max: number } | null;
  samples: number;
  /** The pre-check found the machine busy, or it turned busy during the run. */
  busy: boolean;
  /** Calibrated on a busy machine anyway (--force). */
  forced: boolean;
  /** Busy spells during the run, seconds since the calibration started; end null = still busy at the end. */
  episodes?: { start: number; end: number | null; reason: string }[];
}

export interface CalibrationProfile {
  format: typeof CALIBRATION_FORMAT;
  /** 'incomplete': interrupted or failed, written as <name>.partial.json; absent = complete. */
  status?: 'complete' | 'incomplete';
  measured: {
    source: string; // 'live' | 'telemetry' | 'fave-csv' | ...
    target?: string; // gateway URL or file path measured from
    host?: string;
    date: string; // ISO 8601
    versions?: Record<string, string>;
    plan?: unknown;
    notes?: string[];
  };
  /**
   * The machine. `speed`: its speed drifts, a common factor on every call's duration,
   * log-normal with sd `sigma`, correlation time `tau` seconds.
   */
  node: { cores: number; memoryMB?: number; speed?: NodeSpeedSpec };
  /** The machine measured on (a live calibration); the simulator warns when it runs elsewhere. */
  host?: HostInfo;
  /** How busy that machine was meanwhile (calibrate/machine/). */
  conditions?: MachineConditions;
  stages: Record<string, StageProfile>;
  /** VideoSearcher's fan-out: the `pipeline` target's default Map counts. */
  fanout?: { clipsPerVideo: Fit; framesPerClip: Fit };
  /** `orchestrator`: seconds of the orchestrator's own work per stage call it makes (driving
   * the call, recording it in state.json), run on its replica as a job its concurrent
   * requests share. */
  overheads?: { gateway?: Fit; s3Get?: Fit; s3Put?: Fit; orchestrator?: Fit };
}
