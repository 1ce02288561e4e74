// Asynchronous invocation's part of a replication's summary and time series: present only in
// runs whose requests are asynchronous, so a synchronous scenario's result file is unchanged.
import type { AsyncStats } from '../model/async-stats.ts';
import type { ReplicationRun } from './replication.ts';

export interface AsyncSummary {
  accepted: number;
  executions: number;
  /** Executions started by a redelivery after ack_wait: the same work done again. */
  duplicates: number;
  redeliveries: number;
  retries: number;
  giveUps: number;
  callbacks: number;
  /** Accepted (202) to first execution, seconds. */
  queueWait: { mean: number; p50: number; p95: number; max: number };
  /** Accepted to the posted result (with a callback), seconds. */
  timeToCallback: { p50: number; p95: number };
  /** Most messages waiting at once, over all queues and per queue. */
  maxQueueDepth: number;
  queues: Record<string, { maxDepth: number }>;
}

export interface QueueSeries {
  /** Messages waiting (for a slot or a retry's back-off), and running, at each sample. */
  depth: number[];
  running: number[];
}

export function summarizeAsync(a: AsyncStats): AsyncSummary {
  const w = a.queueWait;
  const queues: AsyncSummary['queues'] = {};
  a.queueNames.forEach((n, i) => (queues[n] = { maxDepth: a.maxDepth[i]! }));
  return {
    accepted: a.accepted,
    executions: a.executions,
    duplicates: a.duplicates,
    redeliveries: a.redeliveries,
    retries: a.retries,
    giveUps: a.giveUps,
    callbacks: a.callbacks,
    queueWait: { mean: w.mean(), p50: w.quantile(0.5), p95: w.quantile(0.95), max: w.total ? w.maxSeen : NaN },
    timeToCallback: { p50: a.toResult.quantile(0.5), p95: a.toResult.quantile(0.95) },
    maxQueueDepth: Math.max(0, ...a.maxDepth),
    queues,
  };
}

/** The first replication's queue series, by queue name (sampled with the time series). */
export function queueSeriesOf(run: ReplicationRun): Record<string, QueueSeries> | undefined {
  const a = run.recorder.asyncStats;
  if (!a) return undefined;
  return Object.fromEntries(a.queueNames.map((n, i) => [n, { depth: a.depth[i]!, running: a.running[i]! }]));
}
