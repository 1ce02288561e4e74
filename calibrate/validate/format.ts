// The scorecard as tables on stdout: per replay, one row per subject (end to end, then each
// function, then an asynchronous run's queue wait and time to callback) with the simulated
// distances against the live noise floor and the verdict; then
// the two-sample tests; then the checks. By default each table fits 100 columns (the
// distance against its floor, the tests' p-values); `wide` adds the counts, the live
// medians, the signed errors and the tests' statistics (sim/terminal/table.ts).
import { colourOn, tint } from '../../sim/terminal/colour.ts';
import { fitText, renderTable, type Column } from '../../sim/terminal/table.ts';
import type { Metric } from './distances.ts';
import { ASYNC_LABELS, ASYNC_SUBJECTS, type Block, type Scorecard, type SubjectScore, type TestSummary } from './score.ts';

export interface ScorecardOptions {
  wide?: boolean;
  /** MATCH green, MISS red, bold heads; by default when stdout is a terminal and NO_COLOR is unset. */
  colour?: boolean;
}

const s = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : String(x));
const pc = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%` : String(x));
const pcAbs = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : String(x));
const R = 'right' as const;

/** "+4.6% (5.1% ≤ 8.0%)" (wide) or "5.1% ≤ 8.0%": the signed median, then its magnitude
 * against the floor; a star marks a distance the verdict does not use. */
function cell(x: SubjectScore, m: Metric, asPercent: boolean, wide: boolean): string {
  const d = x.distances[m];
  if (!Number.isFinite(d.distance)) return '-';
  const f = (v: number) => (asPercent ? pcAbs(v) : s(v));
  const floor = d.floor === null ? 'no floor' : `${f(d.distance)} ${d.within ? '≤' : '>'} ${f(d.floor)}`;
  const star = x.judgedOn.includes(m) ? '' : '*';
  if (!wide) return `${floor}${star}`;
  const signed = m === 'p50' || m === 'p95' ? `${pc(d.sim)} ` : '';
  return `${signed}(${floor})${star}`;
}

const pValue = (t: TestSummary) => (t.pValue < 0.001 ? t.pValue.toExponential(1) : t.pValue.toFixed(3));
const test = (t: TestSummary | null, wide: boolean) =>
  t === null ? '-' : `${wide ? `${s(t.statistic)} / ${s(t.critical)} / ` : 'p '}${pValue(t)}${t.rejects ? ' reject' : ''}`;

function blockTables(name: string, b: Block, c: Scorecard, o: Required<ScorecardOptions>): string {
  const { wide, colour } = o;
  const rows: [string, SubjectScore][] = [
    ['end to end', b.e2e],
    ...Object.entries(b.functions),
    ...(b.async ? ASYNC_SUBJECTS.map((k): [string, SubjectScore] => [ASYNC_LABELS[k], b.async![k]]) : []),
  ];
  const nCell = (x: SubjectScore) => `${x.n.live.join('+')} / ${Number.isFinite(x.n.sim) ? x.n.sim : 0}`;
  const vs = wide ? '(|err| vs floor)' : 'vs floor';
  const distances: Column[] = [
    { title: `${name}:\n${b.replications} replications`, wrap: true },
    { title: 'n live / sim', wide: true },
    { title: 'live p50 / p95 s', wide: true },
    { title: `p50 err\n${vs}`, align: R },
    { title: `p95 err\n${vs}`, align: R },
    { title: `KS D\nvs floor`, align: R },
    { title: 'W1 / live\nmedian vs floor', align: R },
    { title: 'verdict' },
  ];
  const d = renderTable(
    distances,
    rows.map(([label, x]) => [label, nCell(x), `${s(x.live.p50)} / ${s(x.live.p95)}`, cell(x, 'p50', true, wide), cell(x, 'p95', true, wide), cell(x, 'ks', false, wide), cell(x, 'w1', true, wide), x.verdict]),
    { wide, colour },
  );
  const alpha = `α = ${c.method.alpha}`;
  const tests: Column[] = [
    { title: 'two-sample tests\n(median over comparisons)', wrap: true },
    { title: 'n live / sim', wide: true },
    { title: wide ? `KS: D / critical / p (${alpha})` : `KS (${alpha})` },
    { title: wide ? `AD: A² / critical / p (${alpha})` : `AD (${alpha})` },
    { title: 'share rejected\nKS / AD' },
  ];
  const t = renderTable(
    tests,
    rows.map(([label, x]) => [label, nCell(x), test(x.tests.ks, wide), test(x.tests.ad, wide), `${x.tests.ks ? pcAbs(x.tests.ks.rejectShare) : '-'} / ${x.tests.ad ? pcAbs(x.tests.ad.rejectShare) : '-'}`]),
    { wide, colour },
  );
  const ch = renderTable(
    [{ title: 'check', wrap: true }, { title: 'value', wrap: true }, { title: 'threshold', wrap: true }, { title: '' }],
    b.checks.map((k) => [k.name, typeof k.value === 'number' ? pc(k.value) : k.value, k.threshold, k.pass ? 'pass' : 'MISS']),
    { wide, colour },
  );
  const verdict = `${name}: ${tint(b.match ? 'MATCH' : 'MISS', b.match, colour)} (${b.checks.filter((k) => k.pass).length}/${b.checks.length} checks pass)`;
  return `${d}\n${t}\n${ch}\n${verdict}`;
}

export const SCORECARD_LEGEND =
  'p50/p95 err: the simulated percentile\'s error relative to the live one (the median over comparisons), ' +
  'its magnitude against the noise floor (≤: within it). ' +
  'KS D: the largest gap between the two distributions; W1: the mean gap (Wasserstein-1) over the live median. ' +
  'verdict: indistinguishable when every distance the verdict uses is within its floor. ' +
  'Two-sample tests: Kolmogorov–Smirnov and Anderson–Darling, p-values, "reject" below α.';

export function formatScorecard(c: Scorecard, o: ScorecardOptions = {}): string {
  const opts = { wide: o.wide === true, colour: o.colour ?? colourOn() };
  const floor = c.method.floor.method === 'bootstrap-repeats'
    ? `noise floor: the upper ${c.method.floor.quantile * 100}% point of ${c.method.floor.draws} draws of one repeat against another resampled (${c.runs.length} repeats)`
    : `noise floor: the upper ${c.method.floor.quantile * 100}% point of ${c.method.floor.draws} splits of the run into halves, scaled to full size (one run: sampling noise only, not the drift between reruns)`;
  const head = fitText(`${c.scenario}: ${c.runs.length} live run${c.runs.length > 1 ? 's' : ''} against ${c.profile.path}\n${floor}\n(* not part of the verdict)`);
  const blocks = [blockTables('without trace', c.replays.withoutTrace, c, opts)];
  if (c.replays.withTrace) blocks.push(blockTables('with trace', c.replays.withTrace, c, opts));
  const notes = fitText(c.notes.map((n) => `note: ${n}`).join('\n'));
  const legend = fitText(`${SCORECARD_LEGEND}${opts.wide ? '' : ' --wide adds the counts, the live medians, the signed errors and the tests\' statistics.'}`);
  return `${head}\n${blocks.join('\n')}\n${legend}\nverdict: ${tint(c.match ? 'MATCH' : 'MISS', c.match, opts.colour)}${notes ? `\n${notes}` : ''}`;
}
