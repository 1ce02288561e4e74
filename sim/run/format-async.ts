// The asynchronous invocation table printed after the summary, for the variants whose
// requests were asynchronous: queue wait, time to callback, the deepest queue, and the
// executions beyond one per message. Means over replications; the result file has the CIs.
// Its own small table (under 100 columns) so the summary's tables stay as they are.
import Table from 'cli-table3';
import type { SimResult } from './result.ts';

const PLAIN = { head: [] as string[], border: [] as string[] };

function num(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return '–';
  return Math.abs(x) >= 1000 ? x.toFixed(0) : x.toFixed(digits);
}

/** Null when no variant was asynchronous. */
export function formatAsync(result: SimResult): string | null {
  const rows = result.variants.filter((v) => v.summary.async);
  if (!rows.length) return null;
  const t = new Table({
    style: PLAIN,
    head: ['async variant', 'wait p95', 'result p50', 'p95', 'depth', 'dup', 'retry', 'gave up'],
  });
  for (const v of rows) {
    const a = v.summary.async!;
    t.push([
      v.name.length > 28 ? `${v.name.slice(0, 27)}…` : v.name,
      num(a.queueWait.p95.mean),
      num(a.timeToCallback.p50.mean),
      num(a.timeToCallback.p95.mean),
      num(a.maxQueueDepth.mean),
      num(a.duplicates.mean),
      num(a.retries.mean),
      num(a.giveUps.mean),
    ]);
  }
  return [
    t.toString(),
    'async, means over replications: wait = 202 to first execution, result = 202 to callback',
    '(seconds); depth = most messages queued; dup = executions started by a redelivery after',
    'ack_wait; retry = calls again after a retried status; gave up = messages out of attempts.',
  ].join('\n');
}
