// The table printed after a sweep: one row per point, one column per swept pointer, the
// Pareto points marked with '*'. Plain style, as the sim summary: it goes to logs too.
import Table from 'cli-table3';
import { est } from '../run/format-summary.ts';
import type { Estimate } from '../run/stats.ts';
import type { PointResult, SweepResult } from './types.ts';

const PLAIN = { head: [] as string[], border: [] as string[] };

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

type Column = [title: string, cell: (p: PointResult) => string];

export function formatSweepTable(result: SweepResult): string {
  const { objective } = result;
  const pointers = Object.keys(result.points[0]?.overrides ?? {});
  const titles = pointerTitles(pointers);
  const percent = (e: Estimate) => est({ ...e, mean: e.mean * 100, lo: e.lo * 100, hi: e.hi * 100 }, 1);
  const columns: Column[] = [
    ['#', (p) => String(p.index)],
    ['pareto', (p) => (p.pareto ? '*' : '')],
    ...pointers.map((k, i): Column => [titles[i]!, (p) => short(p.overrides[k])]),
    ['ok %', (p) => percent(p.metrics.successRate)],
    ...(objective.latency === 'p50' ? [] : [['p50 s', (p) => est(p.metrics.latency.p50)] as Column]),
    [`${objective.latency} s`, (p) => est(p.metrics.latency[objective.latency])],
    ...(objective.slo === null ? [] : [[`over ${objective.slo} s or failed %`, (p) => num(p.metrics.sloViolationRate! * 100, 1)] as Column]),
    [objective.cost, (p) => est(p.metrics.cost[objective.cost], 1)],
    ['cold starts', (p) => num(p.metrics.coldStarts.mean, 1)],
    ['failures', (p) => Object.entries(p.metrics.failures).map(([k, e]) => `${k}: ${num(e.mean, 1)}`).join(', ') || '–'],
  ];
  const t = new Table({ style: PLAIN, head: columns.map(([title]) => title) });
  for (const p of result.points) t.push(columns.map(([, cell]) => cell(p)));
  const service = objective.slo !== null ? `share of requests over ${objective.slo} s or failed` : `${objective.latency} latency`;
  const lines = [
    `${result.sweep.name}: ${result.points.length} point(s) × ${result.seeds.length} seed(s) (${result.seeds[0]}..${result.seeds[result.seeds.length - 1]}) on ${result.scenario.name}`,
    t.toString(),
    `* Pareto front (${objective.cost} against ${service}, both minimised), cheapest first: ${result.pareto.map((i) => `#${i}`).join(', ')}`,
  ];
  return lines.join('\n');
}
