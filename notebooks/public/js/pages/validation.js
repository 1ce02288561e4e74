// validation.html?f=<name>[&f=<name>…]: a scorecard from `npm run validate`
// (fave.validation/v2): the checks and the verdict of each replay, every error against its
// noise floor, then live against simulated for each thing scored, with its distances.
// Several scorecards: one column each.
/* global d3 */
import { getResult } from '../lib/api.js';
import { escapeHtml, num, seconds } from '../lib/format.js';
import { OUTCOME_LABELS } from '../lib/colors.js';
import { note } from '../lib/frame.js';
import pairedBars from '../charts/paired-bars.js';
import errorChart, { errorReach } from '../charts/error-chart.js';
import { columns, loadAll } from '../lib/compare.js';
import { section, card, scrollTable } from '../lib/section.js';

/** A check's value as its threshold reads: a signed percentage when the threshold is one. */
function checkValue(c) {
  if (typeof c.value === 'string') return escapeHtml(c.value);
  if (c.value === null) return '– (undefined: no live or no simulated value)';
  return c.threshold.includes('%') ? `${c.value > 0 ? '+' : ''}${num(c.value * 100, 1)} %` : num(c.value, 3);
}

function checksView(s, b) {
  const c = d3.select(card(s));
  c.append('p').attr('class', `verdict ${b.match ? 'pass' : 'fail'}`)
    .text(b.match ? 'MATCH: every check passes.' : `MISS: ${b.checks.filter((x) => !x.pass).length} of ${b.checks.length} checks fail.`);
  const t = scrollTable(c.node());
  t.append('thead').html('<tr><th>check</th><th>value</th><th>threshold</th><th>pass</th></tr>');
  t.append('tbody').selectAll('tr').data(b.checks).join('tr').attr('class', (d) => (d.pass ? 'pass' : 'fail'))
    .html((d) => `<td>${escapeHtml(d.name)}</td><td class="num">${checkValue(d)}</td><td>${escapeHtml(d.threshold)}</td><td>${d.pass ? '✓ pass' : '✗ fail'}</td>`);
}

const pct = (x) => (x === null ? '–' : `${num(x * 100, 1)} %`);
const signed = (x) => (x === null ? '–' : `${x > 0 ? '+' : ''}${num(x * 100, 1)} %`);

/** Each subject's distances against the noise floor: the numbers the verdict compares. */
function distanceTable(el, rows) {
  const t = scrollTable(el);
  t.append('thead').html('<tr><th>subject</th><th>n live / sim</th><th>p50 error</th><th>p95 error</th><th>KS D</th><th>W1 / live median</th><th>verdict</th></tr>');
  const cell = (s, m, f) => {
    const d = s.distances[m];
    const used = s.judgedOn.includes(m) ? '' : ' (not judged)';
    return `${f(d.distance)} vs floor ${d.floor === null ? '–' : f(d.floor)}${used}`;
  };
  t.append('tbody').selectAll('tr').data(rows).join('tr').attr('class', ([, s]) => (s.verdict === 'distinguishable' ? 'fail' : 'pass'))
    .html(([label, s]) => `<td>${escapeHtml(label)}</td><td class="num">${s.n.live.join(' + ')} / ${s.n.sim ?? 0}</td>` +
      `<td class="num">${signed(s.distances.p50.sim)}: ${cell(s, 'p50', pct)}</td><td class="num">${signed(s.distances.p95.sim)}: ${cell(s, 'p95', pct)}</td>` +
      `<td class="num">${cell(s, 'ks', (x) => num(x, 3))}</td><td class="num">${cell(s, 'w1', pct)}</td><td>${escapeHtml(s.verdict)}</td>`);
}

export function cdfNote(s) {
  // The scorecard keeps percentiles and distances only; drawing a CDF from two points would invent the rest.
  note(card(s), 'Not drawn: this scorecard holds n, p50 and p95 for each side and the distances against the noise floor, no samples, CDF points or histograms. ' +
    'The tests and distances above were computed by `npm run validate` from the full data, which it does not write.');
}

/** Every judged subject's signed p50 and p95 errors, with their floors, for errorChart. */
function errorRows(b) {
  const subjects = [['end to end', b.e2e], ...Object.entries(b.functions)];
  return subjects.flatMap(([label, s]) => ['p50', 'p95'].map((m) => ({
    label: `${label} ${m}`, error: s.distances[m].sim, floor: s.distances[m].floor, judged: s.judgedOn.includes(m),
  })));
}

/** One scorecard into `root`; `sec(id, …)` makes its sections (ids unique across columns). */
function scorecard(root, name, v, sec, reach) {
  const b = v.replays.withoutTrace;
  const sim = `simulated replay (${v.replications ?? '?'} replications, medians)`;
  const floor = v.method.floor.method === 'bootstrap-repeats'
    ? `the upper ${num(v.method.floor.quantile * 100, 0)} % point of ${v.method.floor.draws} draws of one repeat against another, resampled`
    : `the upper ${num(v.method.floor.quantile * 100, 0)} % point of ${v.method.floor.draws} splits of the run into halves, scaled to full size (sampling noise only)`;
  sec('about').classed('card', true).html(
    `<div><b>file</b> ${escapeHtml(name)} · <b>runs</b> ${v.runs.map(escapeHtml).join(', ')}</div>` +
    `<div><b>profile</b> ${escapeHtml(v.profile?.source ?? '?')} ${escapeHtml(v.profile?.date ?? '')} (${escapeHtml(v.profile?.path ?? '')}) · ` +
    `<b>replications</b> ${v.replications ?? '?'} from seed ${v.seed ?? '?'}</div>` +
    `<div><b>noise floor</b> ${escapeHtml(floor)}</div>`);
  checksView(sec('checks', 'Checks (replay without the machine’s trace)'), b);
  if (v.replays.withTrace) checksView(sec('checks-with-trace', 'Checks (replay with the machine’s trace)'), v.replays.withTrace);

  const er = sec('errors-chart', 'Every error against its noise floor', 'Simulated against live for each judged percentile, on a log-ratio scale so an under-prediction reads as far from zero as the matching over-prediction, whatever the stage’s speed.');
  errorChart(card(er), errorRows(b), { title: 'Simulated vs live, p50 and p95', reach });

  const e = sec('e2e', 'End-to-end latency', `Successful requests: ${b.e2e.n.live.join(' + ')} live; about ${b.e2e.n.sim ?? 0} per simulated replication, each compared with the live run on its own.`);
  pairedBars(card(e), ['p50', 'p95'].map((q) => ({ category: q, live: b.e2e.live[q], sim: b.e2e.sim[q] })),
    { title: 'Percentiles, live vs simulated', yTitle: 'latency (s)', fmt: seconds, simLabel: sim, log: true });
  distanceTable(card(e), [['end to end', b.e2e]]);

  const st = sec('stages', 'Per function', 'Each function’s call latency (successful calls), gateway arrival to answer, judged on p50 and p95 against its own noise floor. Log scale: a fast stage’s bars read as well as a slow one’s.');
  const fns = Object.entries(b.functions);
  const stageRows = fns.flatMap(([fn, s]) => ['p50', 'p95'].map((q) => ({ category: `${fn} ${q}`, live: s.live[q], sim: s.sim[q] })));
  if (stageRows.length) {
    pairedBars(card(st), stageRows, { title: 'Function latency p50 / p95', yTitle: 'latency (s)', fmt: seconds, simLabel: sim, log: true });
    distanceTable(card(st), fns);
  } else note(card(st), 'The run recorded no calls of a simulated function.');

  const cs = sec('cold', 'Cold starts', 'First calls in a fresh process: counted by telemetry live, the simulator’s firstCalls (mean per replication), summed over the runs.');
  const coldRows = [...Object.entries(b.coldStarts.byStage).map(([fn, s]) => ({ category: fn, live: s.live, sim: s.sim })), { category: 'all stages', live: b.coldStarts.live, sim: b.coldStarts.sim }];
  pairedBars(card(cs), coldRows, { title: 'Cold starts (first calls)', yTitle: 'first calls', fmt: (x) => num(x, 2), simLabel: sim });

  const o = sec('outcomes', 'Outcomes by cause', 'Requests by final outcome, summed over the runs; simulated: mean per replication. A failure cause counts in the simulation at a mean ≥ 0.5.');
  const sum = (side) => {
    const out = {};
    for (const r of b.outcomes) for (const [k, x] of Object.entries(r[side])) out[k] = (out[k] ?? 0) + (x ?? 0);
    return out;
  };
  const live = sum('live');
  const simOut = sum('sim');
  const causes = [...new Set([...Object.keys(live), ...Object.keys(simOut)])].filter((k) => (live[k] ?? 0) > 0 || (simOut[k] ?? 0) > 0);
  pairedBars(card(o), causes.map((k) => ({ category: OUTCOME_LABELS[k] ?? k, live: live[k] ?? 0, sim: simOut[k] ?? 0 })),
    { title: 'Requests by outcome', yTitle: 'requests', fmt: (x) => num(x, 1), simLabel: sim });

  cdfNote(sec('cdf', 'Latency CDFs, live vs simulated'));
}

async function main() {
  const files = await loadAll(getResult, 'scorecard');
  if (!files.length) return;
  d3.select('#title').text(`Validation: ${files.map((f) => f.json.scenario).join(' vs ')}`);
  document.title = `FAVE report: ${d3.select('#title').text()}`;
  const single = files.length === 1;
  const cols = columns(d3.select('#views').node(), files);
  // Side by side, every error chart spans the widest error of any file, so bars compare across columns.
  const reach = d3.max(files, (f) => errorReach(errorRows(f.json.replays.withoutTrace)));
  files.forEach(({ name, json }, i) => {
    // One file keeps the plain ids (#e2e, #stages, …); columns suffix theirs; the class is the plain name either way.
    const sec = (id, title, intro) => (title === undefined
      ? d3.select(cols[i]).append('section').attr('id', single ? id : `${id}-${i}`).attr('class', id)
      : section(cols[i], single ? id : `${id}-${i}`, title, intro).classed(id, true));
    scorecard(cols[i], name, json, sec, reach);
  });
}

main().catch((e) => d3.select('#errors').text(e.message));
