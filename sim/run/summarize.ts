// Turns a replication's recorder into plain numbers, and many replications into estimates
// with confidence intervals. The shapes are those of the result file (fave.result/v1).
import type { HistogramJSON } from '../metrics/log-histogram.ts';
import { LogHistogram } from '../metrics/log-histogram.ts';
import { SampleKeepingHistogram } from '../metrics/sample-keeping-histogram.ts';
import { OUTCOME_NAMES } from '../model/outcome.ts';
import type { FnSeries, Span } from '../model/recorder.ts';
import type { ReplicationRun } from './replication.ts';
import { type Estimate, estimate } from './stats.ts';
import { type AsyncSummary, type QueueSeries, queueSeriesOf, summarizeAsync } from './summarize-async.ts';

export interface LatencySummary {
  mean: number;
  p50: number;
  p90: number;
  p95: number;
  p99: number;
  max: number;
}

export interface FunctionSummary {
  calls: number;
  outcomes: Record<string, number>;
  latency: LatencySummary; // successful calls, gateway arrival to answer
  coldStarts: number;
  firstCalls: number;
  heldCalls: number;
  ooms: number;
  maxInflightPerReplica: number;
  minReplicas: number;
  maxReplicas: number;
}

export interface ReplicationSummary {
  seed: number;
  end: number;
  events: number;
  cutOff: boolean;
  requests: number;
  attempts: number;
  retries: number;
  successRate: number;
  outcomes: Record<string, number>;
  latency: LatencySummary; // end to end, successful requests
  functions: Record<string, FunctionSummary>;
  aborts: Record<string, number>;
  orphans: { calls: number; seconds: number };
  cost: { replicaGBs: number; busyGBs: number; idleGBs: number; invocationGBs: number };
  state: { writes: number; lostUpdates: number; conflicts: number };
  unschedulable: number;
  /** Only when the requests are asynchronous (summarize-async.ts). */
  async?: AsyncSummary;
}

/** Every number of a summary replaced by its estimate over replications. */
export type Aggregated<T> = T extends number ? Estimate : T extends boolean ? Estimate : T extends object ? { [K in keyof T]: Aggregated<T[K]> } : never;

export function latencyOf(h: LogHistogram): LatencySummary {
  return { mean: h.mean(), p50: h.quantile(0.5), p90: h.quantile(0.9), p95: h.quantile(0.95), p99: h.quantile(0.99), max: h.total ? h.maxSeen : NaN };
}

function outcomeRecord(counts: Float64Array): Record<string, number> {
  const out: Record<string, number> = {};
  OUTCOME_NAMES.forEach((name, i) => (out[name] = counts[i]!));
  return out;
}

export function summarizeReplication(run: ReplicationRun): ReplicationSummary {
  const rec = run.recorder;
  const functions: Record<string, FunctionSummary> = {};
  rec.fnNames.forEach((name, i) => {
    const outcomes = outcomeRecord(rec.callOutcomes[i]!);
    functions[name] = {
      calls: Object.values(outcomes).reduce((a, b) => a + b, 0),
      outcomes,
      latency: latencyOf(rec.stageLatency[i]!),
      coldStarts: rec.coldStarts[i]!,
      firstCalls: rec.firstCalls[i]!,
      heldCalls: rec.heldCalls[i]!,
      ooms: rec.ooms[i]!,
      maxInflightPerReplica: rec.maxInflightSeen[i]!,
      minReplicas: Number.isFinite(rec.minLive[i]!) ? rec.minLive[i]! : 0,
      maxReplicas: rec.maxLive[i]!,
    };
  });
  const outcomes = outcomeRecord(rec.outcomes);
  return {
    seed: run.seed,
    end: run.end,
    events: run.events,
    cutOff: run.cutOff,
    requests: rec.requests,
    attempts: rec.attempts,
    retries: rec.attempts - rec.requests,
    successRate: rec.requests ? outcomes.ok! / rec.requests : NaN,
    outcomes,
    latency: latencyOf(rec.e2e),
    functions,
    aborts: Object.fromEntries([...rec.aborts.entries()].sort()),
    orphans: { calls: rec.orphans, seconds: rec.orphanSeconds },
    cost: { replicaGBs: rec.replicaGBs, busyGBs: rec.busyGBs, idleGBs: rec.replicaGBs - rec.busyGBs, invocationGBs: rec.invocationGBs },
    state: { writes: rec.stateWrites, lostUpdates: rec.lostUpdates, conflicts: rec.stateConflicts },
    unschedulable: rec.unschedulable,
    ...(rec.asyncStats ? { async: summarizeAsync(rec.asyncStats) } : {}),
  };
}

/** Estimates over replications for every numeric leaf (keys missing in some count as 0). */
export function aggregate<T extends object>(items: T[]): Aggregated<T> {
  return aggregateValues(items as unknown[]) as Aggregated<T>;
}

function aggregateValues(items: unknown[]): unknown {
  const first = items.find((x) => x !== undefined);
  if (typeof first === 'number' || typeof first === 'boolean') return estimate(items.map((x) => (x === undefined ? 0 : Number(x))));
  if (first && typeof first === 'object') {
    const keys = new Set<string>();
    for (const it of items) if (it && typeof it === 'object') Object.keys(it).forEach((k) => keys.add(k));
    const out: Record<string, unknown> = {};
    for (const k of [...keys].sort()) out[k] = aggregateValues(items.map((it) => (it as Record<string, unknown> | undefined)?.[k]));
    return out;
  }
  return estimate([]);
}

export interface Histograms {
  e2e: HistogramJSON;
  functions: Record<string, HistogramJSON>;
}

export function mergedHistograms(runs: ReplicationRun[]): Histograms {
  const e2e = new LogHistogram();
  const names = runs[0]!.recorder.fnNames;
  const fns = names.map(() => new LogHistogram());
  for (const run of runs) {
    e2e.merge(run.recorder.e2e);
    run.recorder.stageLatency.forEach((h, i) => fns[i]!.merge(h));
  }
  return { e2e: e2e.toJSON(), functions: Object.fromEntries(names.map((n, i) => [n, fns[i]!.toJSON()])) };
}

export interface TimeSeries {
  t: number[];
  functions: Record<string, FnSeries>;
  /** Asynchronous runs only: each queue's depth and running messages. */
  queues?: Record<string, QueueSeries>;
}

export function timeSeriesOf(run: ReplicationRun): TimeSeries {
  const rec = run.recorder;
  const queues = queueSeriesOf(run);
  return { t: rec.seriesT, functions: Object.fromEntries(rec.fnNames.map((n, i) => [n, rec.series[i]!])), ...(queues ? { queues } : {}) };
}

export function spansOf(run: ReplicationRun): Span[] {
  return run.recorder.spans;
}

/** One replication's raw latencies (successful requests end to end, successful calls per
 * function), in the order they ended; only from a run that kept them (`keepSamples`). */
export interface ReplicationSamples {
  e2e: number[];
  functions: Record<string, number[]>;
  /** Asynchronous requests only: each message's queue wait (202 to first execution) and
   * time to callback, seconds, in the order they were recorded. */
  async?: { queueWait: number[]; timeToCallback: number[] };
}

export function samplesOf(run: ReplicationRun): ReplicationSamples {
  const rec = run.recorder;
  const values = (h: LogHistogram) => {
    if (!(h instanceof SampleKeepingHistogram)) throw new Error('samplesOf: the replication was run without keepSamples');
    return h.values;
  };
  const a = rec.asyncStats;
  return {
    e2e: values(rec.e2e),
    functions: Object.fromEntries(rec.fnNames.map((n, i) => [n, values(rec.stageLatency[i]!)])),
    ...(a ? { async: { queueWait: values(a.queueWait), timeToCallback: values(a.toResult) } } : {}),
  };
}
