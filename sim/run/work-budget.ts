// The work a run may ask for before the CLIs refuse it: a run estimated past the budget ends
// at once with exit 2, the estimate and how to go on, instead of running for hours while its
// memory grows (a scenario of 1e6 requests/s for 1e6 s grew 60 MB/s to 5 GB before it was
// killed). docs/input-limits.md says how the default was sized.
import type { WorkEstimate } from './work-estimate.ts';
import { FaveError } from '../process/errors.ts';

/** Events a run may take by default: about 2.7 minutes of the general model at the
 * 3.1M events/s `./fave bench` measured on a quiet machine (pipeline-1M, one core of the
 * 2-core machine, 2026-12-07; docs/input-limits.md); the Lambda fast path runs 7-11M events/s. */
export const DEFAULT_MAX_EVENTS = 5e8;
export const MEASURED_EVENTS_PER_SECOND = 3.1e6;

/** One configuration's share: its replications (or seeds) of the same estimate. */
export interface WorkPart {
  label: string;
  runs: number;
  estimate: WorkEstimate;
}

export class WorkBudgetError extends FaveError {
  constructor(
    readonly source: string,
    readonly events: number,
    readonly limit: number,
    readonly parts: WorkPart[],
  ) {
    super(budgetMessage(source, events, limit, parts));
    this.name = 'WorkBudgetError';
  }
}

export function totalEvents(parts: WorkPart[]): number {
  return parts.reduce((sum, p) => sum + p.runs * p.estimate.events, 0);
}

/** Throws WorkBudgetError when the parts together are estimated past `limit` events (or
 * past counting: an estimate that is not finite is over any limit). */
export function checkWorkBudget(source: string, parts: WorkPart[], limit: number): void {
  const events = totalEvents(parts);
  if (!(events <= limit)) throw new WorkBudgetError(source, events, limit, parts);
}

function budgetMessage(source: string, events: number, limit: number, parts: WorkPart[]): string {
  const took = (n: number) => duration(n / MEASURED_EVENTS_PER_SECOND);
  const biggest = [...parts].sort((a, b) => b.runs * b.estimate.events - a.runs * a.estimate.events).slice(0, 3);
  const lines = biggest.map(({ label, runs, estimate: e }) =>
    `  ${label}: ${count(e.arrivals)} requests × ${round(e.callsPerRequest)} call${e.callsPerRequest === 1 ? '' : 's'} per request${e.ticks >= 1e6 ? ` + ${count(e.ticks)} periodic events` : ''}, ${runs} run${runs === 1 ? '' : 's'}`,
  );
  if (parts.length > biggest.length) lines.push(`  ... and ${parts.length - biggest.length} more`);
  const over = Number.isFinite(events) ? `about ${count(events)} events (${took(events)} at ${MEASURED_EVENTS_PER_SECOND / 1e6}M events/s)` : 'more events than can be counted';
  return (
    `${source}: too much work: ${over}, past the limit of ${count(limit)} (${took(limit)}):\n${lines.join('\n')}\n` +
    `  Shorten the horizon, or lower the rate, fan-out, replications or variants` +
    (Number.isFinite(events) ? `; or run it anyway with --max-events ${flagValue(events)}` : '') +
    ' (docs/input-limits.md)'
  );
}

/** Seconds as a person reads them: 40 s, 2.5 min, 7 h, 3 days, 2e5 years. */
function duration(seconds: number): string {
  if (seconds < 1) return 'under a second';
  const units: [number, string][] = [[1, 's'], [60, 'min'], [3600, 'h'], [86400, 'days'], [365 * 86400, 'years']];
  let k = 0;
  while (k < units.length - 1 && seconds >= 2 * units[k + 1]![0]) k++;
  const [size, name] = units[k]!;
  const n = seconds / size;
  return `~${n < 10 ? Math.round(n * 10) / 10 : count(n)} ${name}`;
}

/** 12,345 below ten million, 3.4e13 above. */
function count(n: number): string {
  return n < 1e7 ? Math.round(n).toLocaleString('en') : n.toExponential(1).replace('.0e', 'e').replace('e+', 'e');
}

function round(n: number): string {
  return n < 100 ? String(Math.round(n * 10) / 10) : count(n);
}

/** `events` rounded up to two significant digits, as --max-events takes it. */
function flagValue(events: number): string {
  const unit = 10 ** Math.max(0, Math.floor(Math.log10(events)) - 1);
  const n = Math.ceil(events / unit) * unit;
  return n < 1e7 ? String(n) : `${Math.ceil(events / unit) / 10}e${Math.floor(Math.log10(events))}`;
}
