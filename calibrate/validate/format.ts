// The scorecard as tables on stdout: per replay, one row per subject (end to end, then each
// function, then an asynchronous run's queue wait and time to callback) with its n, the
// simulated distances against the live noise floor and the verdict; then the two-sample
// tests; then the checks.
import Table from 'cli-table3';
import type { Metric } from './distances.ts';
import { ASYNC_LABELS, ASYNC_SUBJECTS, type Block, type Scorecard, type SubjectScore, type TestSummary } from './score.ts';

const s = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : String(x));
const pc = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%` : String(x));
const pcAbs = (x: number) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : String(x));

/** "+4.6% (5.1% ≤ 8.0%)": the signed median, then its magnitude against the floor; a star
 * marks a distance the verdict does not use. */
function cell(x: SubjectScore, m: Metric, asPercent: boolean): string {
  const d = x.distances[m];
  if (!Number.isFinite(d.distance)) return '-';
  const f = (v: number) => (asPercent ? pcAbs(v) : s(v));
  const signed = m === 'p50' || m === 'p95' ? `${pc(d.sim)} ` : '';
  const floor = d.floor === null ? 'no floor' : `${f(d.distance)} ${d.within ? '≤' : '>'} ${f(d.floor)}`;
  return `${signed}(${floor})${x.judgedOn.includes(m) ? '' : '*'}`;
}

const test = (t: TestSummary | null) => (t === null ? '-' : `${s(t.statistic)} / ${s(t.critical)} / ${t.pValue < 0.001 ? t.pValue.toExponential(1) : t.pValue.toFixed(3)}${t.rejects ? ' reject' : ''}`);

function blockTables(name: string, b: Block, c: Scorecard): string {
  const rows: [string, SubjectScore][] = [
    ['end to end', b.e2e],
    ...Object.entries(b.functions),
    ...(b.async ? ASYNC_SUBJECTS.map((k): [string, SubjectScore] => [ASYNC_LABELS[k], b.async![k]]) : []),
  ];
  const nCell = (x: SubjectScore) => `${x.n.live.join('+')} / ${Number.isFinite(x.n.sim) ? x.n.sim : 0}`;
  const d = new Table({ head: [`${name}: ${b.replications} replications`, 'n live / sim', 'live p50 / p95 s', 'p50 err (|err| vs floor)', 'p95 err (|err| vs floor)', 'KS D (vs floor)', 'W1 / live median (vs floor)', 'verdict'] });
  for (const [label, x] of rows) {
    d.push([label, nCell(x), `${s(x.live.p50)} / ${s(x.live.p95)}`, cell(x, 'p50', true), cell(x, 'p95', true), cell(x, 'ks', false), cell(x, 'w1', true), x.verdict]);
  }
  const t = new Table({ head: ['two-sample tests (median over comparisons)', 'n live / sim', `KS: D / critical / p (α = ${c.method.alpha})`, `AD: A² / critical / p (α = ${c.method.alpha})`, 'share rejected KS / AD'] });
  for (const [label, x] of rows) {
    const ks = x.tests.ks;
    const ad = x.tests.ad;
    t.push([label, nCell(x), test(ks), test(ad), `${ks ? pcAbs(ks.rejectShare) : '-'} / ${ad ? pcAbs(ad.rejectShare) : '-'}`]);
  }
  const ch = new Table({ head: ['check', 'value', 'threshold', ''] });
  for (const k of b.checks) ch.push([k.name, typeof k.value === 'number' ? pc(k.value) : k.value, k.threshold, k.pass ? 'pass' : 'MISS']);
  const verdict = `${name}: ${b.match ? 'MATCH' : 'MISS'} (${b.checks.filter((k) => k.pass).length}/${b.checks.length} checks pass)`;
  return `${d.toString()}\n${t.toString()}\n${ch.toString()}\n${verdict}`;
}

export function formatScorecard(c: Scorecard): string {
  const floor = c.method.floor.method === 'bootstrap-repeats'
    ? `noise floor: the upper ${c.method.floor.quantile * 100}% point of ${c.method.floor.draws} draws of one repeat against another resampled (${c.runs.length} repeats)`
    : `noise floor: the upper ${c.method.floor.quantile * 100}% point of ${c.method.floor.draws} splits of the run into halves, scaled to full size (one run: sampling noise only, not the drift between reruns)`;
  const head = `${c.scenario}: ${c.runs.length} live run${c.runs.length > 1 ? 's' : ''} against ${c.profile.path}\n${floor}\n(* not part of the verdict)`;
  const blocks = [blockTables('without trace', c.replays.withoutTrace, c)];
  if (c.replays.withTrace) blocks.push(blockTables('with trace', c.replays.withTrace, c));
  const notes = c.notes.map((n) => `note: ${n}`).join('\n');
  return `${head}\n${blocks.join('\n')}\nverdict: ${c.match ? 'MATCH' : 'MISS'}${notes ? `\n${notes}` : ''}`;
}
