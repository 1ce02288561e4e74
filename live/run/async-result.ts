// An asynchronous live run's `summary.async`, in the simulator's shape (sim/run/summarize-async.ts)
// and through its LogHistogram, so `validate` and the summary printer read both alike. What
// a caller cannot tell apart is said here: a duplicate is any callback after the first for
// a call id (the simulator counts executions started by a redelivery, each of which posts);
// redeliveries are taken as the duplicates; executions and retries come from the stage's
// telemetry (one record per execution) when the function logs it, else they are unmeasured.
import { LogHistogram } from '../../sim/metrics/log-histogram.ts';
import type { AsyncSummary } from '../../sim/run/summarize-async.ts';
import { ASYNC_DEFAULTS } from '../../sim/scenario/defaults.ts';
import type { AsyncRequestRecord } from './async-runner.ts';

/** `executions`: the target's telemetry records for this run's requests, or null if it logs none. */
export function liveAsyncSummary(records: readonly AsyncRequestRecord[], executions: number | null): AsyncSummary {
  const wait = new LogHistogram();
  const toCallback = new LogHistogram();
  let callbacks = 0;
  let duplicates = 0;
  // Messages waiting at once: +1 when sent (and accepted), −1 when its first execution started.
  const events: [number, number][] = [];
  for (const r of records) {
    const a = r.async;
    callbacks += a.callbacks;
    duplicates += Math.max(0, a.callbacks - 1);
    if (a.queueWait !== null) wait.record(a.queueWait);
    if (a.timeToCallback !== null) toCallback.record(a.timeToCallback);
    // A message that never waited was never in the queue; one never started stays in it.
    if (a.accepted !== null && a.queueWait !== 0) {
      events.push([r.sent, 1]);
      if (a.queueWait !== null) events.push([r.sent + a.queueWait, -1]);
    }
  }
  // At one instant a start (−1) goes before an arrival (+1): the slot was free first.
  events.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  let depth = 0;
  let maxDepth = 0;
  for (const [, d] of events) maxDepth = Math.max(maxDepth, (depth += d));
  return {
    accepted: records.filter((r) => r.async.accepted !== null).length,
    executions: executions ?? NaN,
    duplicates,
    redeliveries: duplicates,
    retries: executions === null ? NaN : Math.max(0, executions - callbacks),
    giveUps: records.filter((r) => r.async.gaveUp).length,
    callbacks,
    queueWait: { mean: wait.mean(), p50: wait.quantile(0.5), p95: wait.quantile(0.95), max: wait.total ? wait.maxSeen : NaN },
    timeToCallback: { p50: toCallback.quantile(0.5), p95: toCallback.quantile(0.95) },
    maxQueueDepth: maxDepth,
    queues: { [ASYNC_DEFAULTS.queue]: { maxDepth } },
  };
}
