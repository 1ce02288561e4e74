// The table printed after a sweep: one row per point, one column per swept pointer, the
// Pareto points marked with '*', and a legend of the columns. Fits 100 columns unless `wide`
// (sim/terminal/table.ts), as the sim summary.
import { colourOn } from '../terminal/colour.ts';
import { est, percent } from '../terminal/numbers.ts';
import { fitText, hiddenNote, renderTable, type Column } from '../terminal/table.ts';
import type { PointResult, SweepResult } from './types.ts';

function num(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '–';
}

function short(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 24 ? text.slice(0, 21) + '...' : text;
}

/** Column titles for the pointers: the shortest tail of each that tells them apart. */
export function pointerTitles(pointers: string[]): string[] {
  const parts = pointers.map((p) => p.split('/').slice(1));
  for (let n = 1; ; n++) {
    const titles = parts.map((ps) => ps.slice(-n).join('/'));
    if (new Set(titles).size === titles.length || parts.every((ps) => ps.length <= n)) return titles;
  }
}

type Cell = Column & { cell: (p: PointResult) => string };

const R = 'right' as const;

/** What the cost objectives count (sweep.objective.cost). */
const COST_TEXT: Record<string, string> = {
  replicaGBs: 'replicaGBs: replica memory × time alive',
  busyGBs: 'busyGBs: replica memory × time with a call in flight',
  invocationGBs: 'invocationGBs: memory × duration of each call, as a per-call platform bills',
};

export interface SweepTableOptions {
  /** Every column, CIs as [lo, hi], no width limit (--wide). */
  wide?: boolean;
  colour?: boolean;
}

export function formatSweepTable(result: SweepResult, o: SweepTableOptions = {}): string {
  const wide = o.wide === true;
  const { objective } = result;
  const pointers = Object.keys(result.points[0]?.overrides ?? {});
  const titles = pointerTitles(pointers);
  const columns: Cell[] = [
    { title: '#', align: R, cell: (p) => String(p.index) },
    { title: 'pareto', cell: (p) => (p.pareto ? '*' : '') },
    ...pointers.map((k, i): Cell => ({ title: titles[i]!, wrap: true, cell: (p) => short(p.overrides[k]) })),
    { title: 'ok %', align: R, cell: (p) => est(percent(p.metrics.successRate), 1, wide) },
    ...(objective.latency === 'p50' ? [] : [{ title: 'p50 s', align: R, wide: true, cell: (p) => est(p.metrics.latency.p50, 2, wide) } as Cell]),
    { title: `${objective.latency} s`, align: R, cell: (p) => est(p.metrics.latency[objective.latency], 2, wide) },
    ...(objective.slo === null ? [] : [{ title: `over ${objective.slo} s\nor failed %`, align: R, cell: (p) => num(p.metrics.sloViolationRate! * 100, 1) } as Cell]),
    { title: objective.cost, align: R, cell: (p) => est(p.metrics.cost[objective.cost], 1, wide) },
    { title: 'cold\nstarts', align: R, cell: (p) => num(p.metrics.coldStarts.mean, 1) },
    { title: 'failures', wrap: true, cell: (p) => Object.entries(p.metrics.failures).map(([k, e]) => `${k}: ${num(e.mean, 1)}`).join(', ') || '–' },
  ];
  const table = renderTable(columns, result.points.map((p) => columns.map((c) => c.cell(p))), { wide, colour: o.colour ?? colourOn() });
  const service = objective.slo !== null ? `share of requests over ${objective.slo} s or failed` : `${objective.latency} latency`;
  const legend = [
    `Per run, the mean over seeds; ± is half the 95% CI. ok %: requests that succeeded; p50/${objective.latency} s: end-to-end latency of the successful requests;`,
    objective.slo === null ? '' : `over ${objective.slo} s or failed %: requests slower than the SLO or failed;`,
    `${COST_TEXT[objective.cost] ?? objective.cost}; cold starts: containers started; failures: requests that ended in each error.`,
    hiddenNote(columns, wide),
  ].filter(Boolean).join(' ');
  const lines = [
    fitText(`${result.sweep.name}: ${result.points.length} point(s) × ${result.seeds.length} seed(s) (${result.seeds[0]}..${result.seeds[result.seeds.length - 1]}) on ${result.scenario.name}`),
    table,
    fitText(`* Pareto front (${objective.cost} against ${service}, both minimised), cheapest first: ${result.pareto.map((i) => `#${i}`).join(', ')}`),
    fitText(legend),
  ];
  return lines.join('\n');
}
