// The raw samples a calibration collects, before any fitting: what the work dir persists
// step by step (a re-run resumes from them) and what `--from-telemetry` extracts from
// recorded telemetry. Seconds everywhere, except memory (MB) and counts.

export interface ContentionLevel {
  concurrency: number;
  /** Handler service times of the calls made at this concurrency, seconds. */
  latencies: number[];
  /** 429 / errors seen at this level (a replica's max_inflight or a failure). */
  rejected: number;
  /**
   * The same calls as rounds of `concurrency` calls sent together (live calibration), in
   * the order sent; absent when the calls only overlapped by chance (from telemetry).
   */
  rounds?: number[][];
}

export interface StageSamples {
  /** Warm service time (telemetry durationSeconds) of calls with nothing else in flight. */
  warm: number[];
  /** CPU seconds (incl. children) of those calls. */
  cpu: number[];
  /** When each warm call was sent, Unix seconds (live calibration; absent from telemetry and older work dirs). */
  warmAt?: number[];
  /**
   * The drift probe (live calibration): one call of a fixed input every probe turn, spread
   * over minutes, and when each was sent (Unix seconds). For the node-speed estimate only;
   * the warm fits do not use them.
   */
  drift?: number[];
  driftAt?: number[];
  /** Scale request to process listening: hold time minus process init. */
  containerStart: number[];
  /** Process init (module load before ready), from the first call's telemetry. */
  init: number[];
  /** Durations of first calls in a process; the penalty is taken against the warm median. */
  firstCall: number[];
  contention: ContentionLevel[];
  /** Resident memory after warm calls, MB. */
  rssMB: number[];
  /**
   * CPU seconds the platform itself used per warm call (embedded: gateway, provider, S3
   * server and client, one process). Measured, not yet modelled by the simulator.
   */
  platformCpu?: number[];
  /**
   * Warm calls in pairs: alone, then beside `neighbours` single-threaded CPU-bound processes
   * (the node's other cores busy). Handler durations, seconds.
   */
  neighbour?: { alone: number[]; busy: number[]; neighbours: number };
  /**
   * The warm calls' inputs cycle through this many bodies (every clip or frame of the first
   * video, in turn). Set by live calibration, whose warm calls go in turns across the stages:
   * call i of every stage, then i + 1 (what the node-speed estimate relies on).
   */
  inputCycle?: number;
}

export interface Measurements {
  stages: Record<string, StageSamples>;
  clipsPerVideo: number[];
  framesPerClip: number[];
  /** Client latency minus the function's own X-Duration-Seconds, seconds. */
  gateway: number[];
  /** Warm calls with neither X-Duration-Seconds nor telemetry: their gateway overhead is unknown. */
  gatewayUnmeasured?: number;
  s3Get: number[];
  s3Put: number[];
  /** What was measured about each S3 sample (bytes), aligned with s3Get / s3Put. */
  s3GetBytes: number[];
  s3PutBytes: number[];
}

export function emptyStage(): StageSamples {
  return { warm: [], cpu: [], containerStart: [], init: [], firstCall: [], contention: [], rssMB: [] };
}

export function emptyMeasurements(): Measurements {
  return { stages: {}, clipsPerVideo: [], framesPerClip: [], gateway: [], s3Get: [], s3Put: [], s3GetBytes: [], s3PutBytes: [] };
}
