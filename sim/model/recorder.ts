// Streaming metrics for one replication: histograms and counters only, so memory does not
// grow with the run. Spans are kept for the first few requests (timelines); time series
// are sampled at a fixed step.
import { LogHistogram } from '../metrics/log-histogram.ts';
import { SampleKeepingHistogram } from '../metrics/sample-keeping-histogram.ts';
import { OUTCOME_COUNT } from './outcome.ts';
import type { AsyncStats } from './async-stats.ts';

/** Most spans a recorder keeps. */
export const MAX_SPANS = 50_000;
/** Most points a time series keeps; longer runs sample at a coarser step. */
const MAX_SERIES_POINTS = 2000;

/** The time series' step for a run ending by `limit`. */
export function seriesStep(timeSeriesStep: number, limit: number): number {
  return Math.max(timeSeriesStep, limit / MAX_SERIES_POINTS);
}

export interface Span {
  request: number;
  fn: string;
  clip: number;
  frame: number;
  start: number;
  route: number | null; // when it reached a replica (null: never)
  end: number;
  outcome: string;
  cold: boolean;
  firstCall: boolean;
}

export interface FnSeries {
  ready: number[];
  replicas: number[];
  inflight: number[];
  queued: number[];
}

export class Recorder {
  readonly e2e: LogHistogram;
  readonly outcomes = new Float64Array(OUTCOME_COUNT); // final outcome per request
  requests = 0;
  attempts = 0;
  readonly stageLatency: LogHistogram[];
  readonly callOutcomes: Float64Array[]; // per function, per outcome
  readonly coldStarts: Float64Array; // replica (container) starts, incl. OOM restarts
  readonly firstCalls: Float64Array;
  readonly heldCalls: Float64Array; // calls that waited on scale from zero
  readonly ooms: Float64Array;
  readonly maxInflightSeen: Float64Array; // per replica maximum, per function
  readonly minLive: Float64Array;
  readonly maxLive: Float64Array;
  readonly aborts = new Map<string, number>(); // "stage outcome" -> count
  orphans = 0;
  orphanSeconds = 0;
  replicaGBs = 0;
  busyGBs = 0;
  invocationGBs = 0;
  stateWrites = 0;
  lostUpdates = 0;
  stateConflicts = 0;
  unschedulable = 0;
  readonly spans: Span[] = [];
  /** Asynchronous invocation's counts and series (async-stats.ts); null for sync runs. */
  asyncStats: AsyncStats | null = null;
  readonly seriesT: number[] = [];
  readonly series: FnSeries[];

  /** `keepSamples`: every successful request's and call's latency is kept too (validate
   * needs them); off by default, so an ordinary run streams into histograms only. */
  constructor(readonly fnNames: string[], readonly keepSamples = false) {
    const n = fnNames.length;
    const histogram = () => (keepSamples ? new SampleKeepingHistogram() : new LogHistogram());
    this.e2e = histogram();
    this.stageLatency = fnNames.map(histogram);
    this.callOutcomes = fnNames.map(() => new Float64Array(OUTCOME_COUNT));
    this.coldStarts = new Float64Array(n);
    this.firstCalls = new Float64Array(n);
    this.heldCalls = new Float64Array(n);
    this.ooms = new Float64Array(n);
    this.maxInflightSeen = new Float64Array(n);
    this.minLive = new Float64Array(n).fill(Infinity);
    this.maxLive = new Float64Array(n);
    this.series = fnNames.map(() => ({ ready: [], replicas: [], inflight: [], queued: [] }));
  }

  abort(stage: string, outcome: string): void {
    const key = `${stage} ${outcome}`;
    this.aborts.set(key, (this.aborts.get(key) ?? 0) + 1);
  }
}
