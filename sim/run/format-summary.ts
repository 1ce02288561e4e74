// The summary printed after a simulation (and a live run, and a notebook's scenarios): a
// table of the variants, then one of each variant's functions, each with a legend that says
// what its columns count. By default it fits 100 columns (the 95% CIs as ±, p99 left out);
// `wide` gives every column and the CIs as [lo, hi], however wide the tables get; the
// sentences around them are wrapped at 100 columns either way. Numbers are means over replications.
import { colourOn } from '../terminal/colour.ts';
import { est, num, percent } from '../terminal/numbers.ts';
import { fitText, hiddenNote, renderTable, type Column } from '../terminal/table.ts';
import type { SimResult } from './result.ts';

export { est } from '../terminal/numbers.ts';

export interface SummaryOptions {
  /** Every column, CIs as [lo, hi], no width limit (--wide). */
  wide?: boolean;
  /** Bold heads; by default when stdout is a terminal and NO_COLOR is unset. */
  colour?: boolean;
}

const MAX_FUNCTION_ROWS = 12;

const failureText = (outcomes: Record<string, { mean: number }>) =>
  Object.entries(outcomes)
    .filter(([k, e]) => k !== 'ok' && e.mean > 0)
    .map(([k, e]) => `${k}: ${num(e.mean, 1)}`)
    .join(', ') || '–';

const R = 'right' as const;

export const VARIANT_LEGEND =
  'Per run, the mean over replications; ± is half the 95% CI. ok %: requests that succeeded. ' +
  'p50/p95/p99 s: end-to-end latency of the successful requests. failures: requests that ended in each error. ' +
  'cold starts: containers started. cold calls %: calls that were the first in their container. ' +
  'GB-s: replica memory × time alive; idle GB-s: the part with no call in flight. ' +
  'lost updates: state writes that overwrote another, concurrent one.';

export const FUNCTION_LEGEND =
  'calls: calls made to the function; p50/p95 s: their latency, gateway to answer, when successful. ' +
  'cold starts: containers started. first calls: calls that were the first in their container, paying its first-call penalty. ' +
  'held: calls the gateway held while it scaled the function from zero. failures: calls that ended in each error. ' +
  'replicas: fewest–most replicas alive.';

export function formatSummary(result: SimResult, o: SummaryOptions = {}): string {
  const wide = o.wide === true;
  const colour = o.colour ?? colourOn();
  const lines: string[] = [];
  const s0 = result.scenario;
  lines.push(fitText(`${s0.name}: ${result.variants[0]!.seeds.length} replication(s), seed ${result.variants[0]!.seeds[0]}${result.profile.path ? `, profile ${result.profile.source ?? ''} (${result.profile.date ?? ''})` : ''}`));
  // Lost updates are shown by default only where some variant writes state; requests only
  // where variants differ in them (common random numbers give every variant the same
  // arrivals unless one changes the workload): the head line says the one number.
  const writes = result.variants.some((v) => v.summary.state.writes.mean > 0);
  const requests = new Set(result.variants.map((v) => num(v.summary.requests.mean, 0)));
  if (requests.size === 1 && !wide) {
    const n = [...requests][0]!;
    lines[0] = fitText(`${lines[0]}; ${n} request${n === '1' ? '' : 's'} per run`);
  }
  const columns: Column[] = [
    { title: 'variant', wrap: true },
    { title: 'requests', align: R, wide: requests.size === 1 },
    { title: 'ok %', align: R },
    { title: 'p50 s', align: R },
    { title: 'p95 s', align: R },
    { title: 'p99 s', align: R, wide: true },
    { title: 'failures', wrap: true },
    { title: 'cold\nstarts', align: R },
    { title: 'cold\ncalls %', align: R },
    { title: 'GB-s', align: R },
    { title: 'idle\nGB-s', align: R },
    { title: 'lost\nupdates', align: R, wide: !writes },
  ];
  const rows = result.variants.map((v) => {
    const s = v.summary;
    const fns = Object.values(s.functions);
    const cold = fns.reduce((a, f) => a + f.coldStarts.mean, 0);
    // Cold calls are calls that were the first in their process: container starts also
    // count pre-warmed replicas that no call met cold, and a pipeline request makes many calls.
    const calls = fns.reduce((a, f) => a + f.calls.mean, 0);
    const coldCalls = fns.reduce((a, f) => a + f.firstCalls.mean, 0);
    return [v.name, num(s.requests.mean, 0), est(percent(s.successRate), 1, wide), est(s.latency.p50, 2, wide), est(s.latency.p95, 2, wide), est(s.latency.p99, 2, wide), failureText(s.outcomes), num(cold, 1), calls > 0 ? num((100 * coldCalls) / calls, 1) : '–', num(s.cost.replicaGBs.mean, 0), num(s.cost.idleGBs.mean, 0), num(s.state.lostUpdates.mean, 1)];
  });
  lines.push(renderTable(columns, rows, { wide, colour }));
  lines.push(fitText([VARIANT_LEGEND, hiddenNote(columns, wide)].filter(Boolean).join(' ')));
  const fnColumns: Column[] = [
    { title: 'function', wrap: true },
    { title: 'calls', align: R },
    { title: 'p50 s', align: R },
    { title: 'p95 s', align: R },
    { title: 'cold\nstarts', align: R },
    { title: 'first\ncalls', align: R },
    { title: 'held', align: R },
    { title: 'failures', wrap: true },
    { title: 'replicas', align: R },
  ];
  for (const v of result.variants) {
    // Trace replays have hundreds of functions: show the busiest.
    const fns = Object.entries(v.summary.functions)
      .filter(([, f]) => f.calls.mean > 0 || f.coldStarts.mean > 0)
      .sort((a, b) => b[1].calls.mean - a[1].calls.mean);
    const fnRows = fns.slice(0, MAX_FUNCTION_ROWS).map(([name, f]) => [name, num(f.calls.mean, 0), num(f.latency.p50.mean), num(f.latency.p95.mean), num(f.coldStarts.mean, 1), num(f.firstCalls.mean, 1), num(f.heldCalls.mean, 1), failureText(f.outcomes), `${num(f.minReplicas.mean, 0)}–${num(f.maxReplicas.mean, 0)}`]);
    lines.push('', `${v.name}, per function:`, renderTable(fnColumns, fnRows, { wide, colour }));
    if (fns.length > MAX_FUNCTION_ROWS) lines.push(`${v.name}: ${fns.length - MAX_FUNCTION_ROWS} more functions with fewer calls are in the result file`);
    const aborts = Object.entries(v.summary.aborts).map(([k, e]) => `${k}: ${num(e.mean, 1)}`);
    if (aborts.length) lines.push(fitText(`${v.name}: pipelines aborted by stage and cause: ${aborts.join(', ')}`));
    if (v.summary.orphans.calls.mean > 0) lines.push(fitText(`${v.name}: orphaned calls (work went on after the caller got an error): ${num(v.summary.orphans.calls.mean, 1)}, ${num(v.summary.orphans.seconds.mean, 0)} s of work`));
  }
  if (result.variants.length) lines.push(fitText(FUNCTION_LEGEND));
  return lines.join('\n');
}
