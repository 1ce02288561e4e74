// The asynchronous invocation table printed after the summary, for the variants whose
// requests were asynchronous: queue wait, time to callback, the deepest queue, and the
// executions beyond one per message. Means over replications; the result file has the CIs.
// Drawn by the same table module as the summary (sim/terminal/table.ts): within 100
// columns, a legend under it, wider with --wide (the median queue wait).
import { colourOn } from '../terminal/colour.ts';
import { fitText, renderTable, type Column } from '../terminal/table.ts';
import type { SimResult } from './result.ts';

function num(x: number, digits = 1): string {
  if (!Number.isFinite(x)) return '–';
  return Math.abs(x) >= 1000 ? x.toFixed(0) : x.toFixed(digits);
}

const COLUMNS: Column[] = [
  { title: 'async variant', align: 'left', wrap: true },
  { title: 'wait\np50 s', wide: true },
  { title: 'wait\np95 s' },
  { title: 'result\np50 s' },
  { title: 'result\np95 s' },
  { title: 'depth' },
  { title: 'dup' },
  { title: 'retry' },
  { title: 'gave up' },
];

/** Null when no variant was asynchronous. */
export function formatAsync(result: SimResult, o: { wide?: boolean; colour?: boolean } = {}): string | null {
  const rows = result.variants.filter((v) => v.summary.async);
  if (!rows.length) return null;
  const table = renderTable(COLUMNS, rows.map((v) => {
    const a = v.summary.async!;
    return [
      v.name,
      num(a.queueWait.p50.mean),
      num(a.queueWait.p95.mean),
      num(a.timeToCallback.p50.mean),
      num(a.timeToCallback.p95.mean),
      num(a.maxQueueDepth.mean),
      num(a.duplicates.mean),
      num(a.retries.mean),
      num(a.giveUps.mean),
    ];
  }), { wide: o.wide, colour: o.colour ?? colourOn() });
  return [
    table,
    fitText('async, means over replications: wait = 202 to first execution, result = 202 to callback (seconds); depth = most messages queued; dup = executions started by a redelivery after ack_wait; retry = calls again after a retried status; gave up = messages out of attempts.'),
  ].join('\n');
}
