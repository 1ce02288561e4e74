// What recommend prints: the candidates' table, then the decision in words — the winner
// with its intervals, the runner-up and why it lost, the cheaper candidates and why they
// lost, what more seeds could not settle, or, with no winner, the closest candidate.
import { colourOn } from '../terminal/colour.ts';
import { est } from '../terminal/numbers.ts';
import { fitText, renderTable, type Column } from '../terminal/table.ts';
import type { Estimate } from '../run/stats.ts';
import type { Assessment, Separation, TermCheck } from './decide.ts';
import type { SearchResult } from './search.ts';
import { formatSlo, type Slo } from './slo.ts';
import type { Space } from './space.ts';

export interface Report {
  scenario: string;
  profile: string | null;
  slo: Slo;
  cost: string;
  space: Space;
  result: SearchResult;
  baseSeed: number;
}

function termValue(c: TermCheck): string {
  if (c.estimate.n === 0) return '–';
  return c.term.metric === 'success' ? `${est(c.estimate, 1)}%` : `${est(c.estimate)} s`;
}

/** Why a term is not met, in a few words. */
export function termWhy(c: TermCheck, n: number): string {
  const name = c.term.metric;
  if (c.missing > 0) return `${name}: no request succeeded in ${c.missing} of ${n} seed${n === 1 ? '' : 's'}`;
  const limit = c.term.metric === 'success' ? `${c.term.min}%` : `${c.term.max} s`;
  if (c.verdict === 'misses') return `${name} ${termValue(c)} ${c.term.metric === 'success' ? '<' : '>'} ${limit}`;
  return `${name} ${termValue(c)} straddles ${limit}`;
}

const settingsOf = (space: Space, index: number) => {
  const p = space.points.find((x) => x.index === index)!;
  const parts = space.columns.map((c, i) => `${c} ${p.settings[i]}`);
  return parts.length ? parts.join(', ') : 'the scenario as written';
};

const seedsOf = (n: number) => `${n} seed${n === 1 ? '' : 's'}`;

function costText(e: Estimate, cost: string): string {
  return `${cost} ${est(e, 1)}`;
}

function separationText(s: Separation, cost: string): string {
  if (s.kind === 'equal') return `costs the same on every one of ${seedsOf(s.n)}: a tie, and the winner comes first in the space`;
  const d = `${s.difference.mean >= 0 ? '+' : ''}${est(s.difference, 1)} ${cost} per run, paired over ${seedsOf(s.n)}`;
  if (s.kind === 'costlier') return `costs more (${d})`;
  if (s.kind === 'cheaper') return `cheaper on the common seeds (${d}), but dearer on its own mean`;
  return `not separated on cost (${d}: the interval holds 0); either will do, the winner has the lower mean`;
}

/** The candidates' table and its legend; fits 100 columns unless `wide` (sim/terminal/table.ts). */
export function formatTable(r: Report, o: { wide?: boolean; colour?: boolean } = {}): string {
  const wide = o.wide === true;
  const { space, result, slo } = r;
  const R = 'right' as const;
  const columns: Column[] = [
    { title: '#' },
    ...space.columns.map((c): Column => ({ title: c, wrap: true })),
    { title: 'seeds', align: R },
    { title: 'SLO' },
    ...slo.terms.map((t): Column => ({ title: t.metric === 'success' ? 'ok %' : `${t.metric} s`, align: R })),
    { title: r.cost, align: R },
  ];
  const byIndex = new Map(result.decision.assessments.map((a) => [a.index, a]));
  const rows: string[][] = [];
  for (const p of space.points) {
    const a = byIndex.get(p.index);
    if (!a) continue;
    const mark = result.decision.winner === p.index ? 'meets *' : a.verdict;
    rows.push([String(p.index), ...p.settings, String(a.n), mark, ...a.checks.map((c) => (c.estimate.n === 0 ? '–' : est(c.estimate, c.term.metric === 'success' ? 1 : 2, wide))), est(a.cost, 1, wide)]);
  }
  const legend =
    'Per run, the mean over the seeds each candidate ran; ± is half the 95% CI. SLO: meets, misses or unsure (the CI straddles a limit); * the winner. ' +
    `ok %: requests that succeeded; p50/p95/p99 s: end-to-end latency of the successful requests; ${r.cost}: the cost compared.`;
  return `${renderTable(columns, rows, { wide, colour: o.colour ?? colourOn() })}\n${fitText(legend)}`;
}

/** The decision in words, its lines wrapped at 100 columns. */
export function formatDecision(r: Report): string {
  const { result, slo, cost, space } = r;
  const d = result.decision;
  const a = (i: number) => d.assessments.find((x) => x.index === i)!;
  const lines: string[] = [];
  const extra = result.rounds.slice(1);
  lines.push(`${r.scenario}: ${space.points.length} candidate${space.points.length === 1 ? '' : 's'} (${space.source === 'default' ? `the default space: ${space.columns.join(' × ') || 'the scenario alone'}` : space.source}), ` +
    `each on seeds ${r.baseSeed}..${r.baseSeed + result.rounds[0]!.seeds - 1}${extra.length ? `, then ${extra.map((x) => `${x.candidates.length} to ${x.seeds} seeds`).join(', then ')}` : ''}; SLO ${formatSlo(slo)}; cost ${cost}; 95% CIs`);
  if (d.winner !== null) {
    const w = a(d.winner);
    lines.push(`winner: #${w.index} (${settingsOf(space, w.index)})`);
    lines.push(`  ${w.checks.map((c) => `${c.term.metric} ${termValue(c)} ${c.term.metric === 'success' ? '≥' : '≤'} ${c.term.metric === 'success' ? `${c.term.min}%` : `${c.term.max} s`}`).join('; ')}; ${costText(w.cost, cost)}; over ${seedsOf(w.n)}`);
    if (d.runnerUp) lines.push(`runner-up: #${d.runnerUp.index} (${settingsOf(space, d.runnerUp.index)}): meets the SLO but ${separationText(d.runnerUp.separation, cost)}`);
    else lines.push('runner-up: none: no other candidate meets the SLO');
  } else {
    lines.push(`no candidate meets the SLO (${formatSlo(slo)}) with confidence`);
    if (d.closest !== null) {
      const c = a(d.closest);
      lines.push(`closest: #${c.index} (${settingsOf(space, c.index)}): ${c.checks.filter((x) => x.verdict !== 'meets').map((x) => termWhy(x, c.n)).join('; ')}; ${costText(c.cost, cost)}`);
    }
  }
  // Nearest the winner's cost first: the next cheaper candidate, and why it lost.
  const cheaper = d.winner !== null ? [...d.cheaper].reverse().slice(0, 3) : [];
  if (cheaper.length) {
    lines.push('cheaper, but:');
    for (const i of cheaper) lines.push(`  #${i} (${settingsOf(space, i)}): ${costText(a(i).cost, cost)}; ${whyNot(a(i))}`);
    if (d.cheaper.length > cheaper.length) lines.push(`  and ${d.cheaper.length - cheaper.length} more`);
  }
  if (result.unresolved.length) {
    lines.push(`not settled at the cap of ${Math.max(...result.unresolved.map((i) => a(i).n))} seeds: ${result.unresolved.map((i) => `#${i} (${unsettled(a(i), d.winner)})`).join(', ')}; more seeds (--max-replications) may change the answer`);
  }
  if (d.front.length) lines.push(`Pareto front of the candidates that meet the SLO (${cost} against ${slo.terms.find((t) => t.metric !== 'success')?.metric ?? 'failed %'}), cheapest first: ${d.front.map((i) => `#${i}`).join(', ')}`);
  return fitText(lines.join('\n'));
}

function whyNot(a: Assessment): string {
  return a.checks.filter((c) => c.verdict !== 'meets').map((c) => termWhy(c, a.n)).join('; ') + (a.verdict === 'unsure' ? ' (unsure)' : '');
}

function unsettled(a: Assessment, winner: number | null): string {
  if (a.verdict === 'unsure') return whyNot(a);
  return winner === null ? 'unsure' : `cost not separated from #${winner}`;
}

