// validation.html?f=<name>: a scorecard from `npm run validate` (fave.validation/v1): the
// acceptance checks and the verdict, then live against simulated for each thing scored.
/* global d3 */
import { getResult } from '../lib/api.js';
import { escapeHtml, num, seconds } from '../lib/format.js';
import { OUTCOME_LABELS } from '../lib/colors.js';
import { note } from '../lib/frame.js';
import pairedBars from '../charts/paired-bars.js';
import { section, card } from '../lib/section.js';

/** A check's value as its threshold reads: a signed percentage when the threshold is one. */
function checkValue(c) {
  if (typeof c.value === 'string') return escapeHtml(c.value);
  if (c.value === null) return '– (undefined: no live or no simulated value)';
  return c.threshold.includes('%') ? `${c.value > 0 ? '+' : ''}${num(c.value * 100, 1)} %` : num(c.value, 3);
}

function checksView(root, v) {
  const s = section(root, 'checks', 'Checks');
  const c = d3.select(card(s));
  c.append('p').attr('class', `verdict ${v.match ? 'pass' : 'fail'}`)
    .text(v.match ? 'MATCH: every check passes.' : `MISS: ${v.checks.filter((x) => !x.pass).length} of ${v.checks.length} checks fail.`);
  const t = c.append('table').attr('class', 'data');
  t.append('thead').html('<tr><th>check</th><th>value</th><th>threshold</th><th>pass</th></tr>');
  t.append('tbody').selectAll('tr').data(v.checks).join('tr').attr('class', (d) => (d.pass ? 'pass' : 'fail'))
    .html((d) => `<td>${escapeHtml(d.name)}</td><td class="num">${checkValue(d)}</td><td>${escapeHtml(d.threshold)}</td><td>${d.pass ? '✓ pass' : '✗ fail'}</td>`);
}

export function cdfNote(root) {
  const s = section(root, 'cdf', 'Latency CDFs, live vs simulated');
  // The scorecard keeps percentiles only; drawing a CDF from three points would invent the rest.
  note(card(s), 'Not drawn: this scorecard holds only n, p50, p95 and p99 for each side, no samples, CDF points or histograms. ' +
    'The KS distance above was computed by `npm run validate` from the full data, which it does not write.');
}

async function main() {
  const name = new URLSearchParams(location.search).get('f');
  if (!name) throw new Error('No scorecard chosen: open one from the index page (validation.html?f=<file>).');
  const v = await getResult(name);
  d3.select('#title').text(`Validation: ${v.scenario}`);
  document.title = `FAVE report: validation of ${v.scenario}`;
  const root = d3.select('#views').node();
  const sim = `simulated replay (${v.replications ?? '?'} replications)`;
  d3.select(root).append('section').attr('id', 'about').attr('class', 'card').html(
    `<div><b>file</b> ${escapeHtml(name)} · <b>run</b> ${escapeHtml(v.run ?? '?')}</div>` +
    `<div><b>profile</b> ${escapeHtml(v.profile?.source ?? '?')} ${escapeHtml(v.profile?.date ?? '')} (${escapeHtml(v.profile?.path ?? '')}) · ` +
    `<b>replications</b> ${v.replications ?? '?'} from seed ${v.seed ?? '?'}</div>`);
  checksView(root, v);

  const e = section(root, 'e2e', 'End-to-end latency', `Successful requests: ${v.e2e.live.n} live, ${v.e2e.sim.n} simulated over all replications.`);
  pairedBars(card(e), ['p50', 'p95', 'p99'].map((q) => ({ category: q, live: v.e2e.live[q], sim: v.e2e.sim[q] })),
    { title: 'Percentiles, live vs simulated', xTitle: 'percentile', yTitle: 'latency (s)', fmt: seconds, simLabel: sim });

  const st = section(root, 'stages', 'Per stage', 'Each function’s call latency (successful calls), gateway arrival to answer; simulated: mean over replications.');
  const stageRows = Object.entries(v.stages).flatMap(([fn, s]) => ['p50', 'p95'].map((q) => ({ category: `${fn} ${q}`, live: s.live[q], sim: s.sim[q] })));
  if (stageRows.length) pairedBars(card(st), stageRows, { title: 'Stage latency p50 / p95', xTitle: 'stage and percentile', yTitle: 'latency (s)', fmt: seconds, simLabel: sim });
  else note(card(st), 'The run recorded no calls of a simulated stage.');

  const cs = section(root, 'cold', 'Cold starts', 'First calls in a fresh process: counted by telemetry live, the simulator’s firstCalls (mean per replication).');
  const coldRows = [...Object.entries(v.coldStarts.byStage).map(([fn, s]) => ({ category: fn, live: s.live, sim: s.sim })), { category: 'all stages', live: v.coldStarts.live, sim: v.coldStarts.sim }];
  pairedBars(card(cs), coldRows, { title: 'Cold starts (first calls)', xTitle: 'stage', yTitle: 'first calls per run', fmt: (x) => num(x, 2), simLabel: sim });

  const o = section(root, 'outcomes', 'Outcomes by cause', 'Requests by final outcome; simulated: mean per replication. A failure cause counts in the simulation at a mean ≥ 0.5.');
  const causes = [...new Set([...Object.keys(v.outcomes.live), ...Object.keys(v.outcomes.sim)])].filter((k) => (v.outcomes.live[k] ?? 0) > 0 || (v.outcomes.sim[k] ?? 0) > 0);
  pairedBars(card(o), causes.map((k) => ({ category: OUTCOME_LABELS[k] ?? k, live: v.outcomes.live[k] ?? 0, sim: v.outcomes.sim[k] ?? 0 })),
    { title: 'Requests by outcome', xTitle: 'outcome', yTitle: 'requests per run', fmt: (x) => num(x, 1), simLabel: sim });

  cdfNote(root);
}

main().catch((e) => d3.select('#errors').text(e.message));
