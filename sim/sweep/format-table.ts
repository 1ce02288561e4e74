// The table printed after a sweep: one row per point, one column per swept pointer, the
// Pareto points marked with '*', and a legend of the columns. Fits 100 columns unless `wide`
// (sim/terminal/table.ts), as the sim summary: when the parameters and the results together do
// not, the parameters get a table of their own above the results, both keyed by #.
import { colourOn } from '../terminal/colour.ts';
import { est, percent } from '../terminal/numbers.ts';
import { fitText, hiddenNote, renderTable, WIDTH, type Column } from '../terminal/table.ts';
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

const widest = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));

/**
 * One table, a row per point, when it fits 100 columns; else (many or long-named parameters
 * beside the results) two tables keyed by #: what each point sets, then its results. `split`:
 * where the parameters end (after #, pareto and the pointers).
 */
function fitted(columns: Cell[], split: number, points: PointResult[], o: { wide: boolean; colour: boolean }): string {
  const draw = (cols: Cell[]) => renderTable(cols, points.map((p) => cols.map((c) => c.cell(p))), o);
  const one = draw(columns);
  if (o.wide || widest(one) <= WIDTH) return one;
  return `${draw(columns.slice(0, split))}\n\n${draw([...columns.slice(0, 2), ...columns.slice(split)])}`;
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
  const table = fitted(columns, 2 + pointers.length, result.points, { wide, colour: o.colour ?? colourOn() });
  const service = objective.slo !== null ? `share of requests over ${objective.slo} s or failed` : `${objective.latency} latency`;
  const legend = [
    `#: the point; pareto: * on the Pareto front${pointers.map((k, i) => `; ${titles[i]}: the value the point sets at ${k}`).join('')}.`,
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
