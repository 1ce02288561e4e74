// sweep.html?f=<name>: a sweep result (fave.sweep-result/v1): what was swept, cost against
// the service objective for every point with the Pareto front, and a table of the points.
/* global d3 */
import { getResult } from '../lib/api.js';
import { escapeHtml, est, num } from '../lib/format.js';
import sweepScatter, { objectiveText, overridesHtml } from '../charts/sweep-scatter.js';

function header(root, name, r) {
  const s = r.sweep;
  const grid = Object.entries(s.grid ?? {}).map(([k, v]) => `${escapeHtml(k)} ∈ {${v.map((x) => escapeHtml(JSON.stringify(x))).join(', ')}}`);
  const random = s.random ? [`${s.random.samples} random samples of ${Object.keys(s.random.params).map(escapeHtml).join(', ')} (seed ${s.random.seed})`] : [];
  d3.select(root).append('section').attr('id', 'about').attr('class', 'card').html(
    `<div><b>file</b> ${escapeHtml(name)} · <b>scenario</b> ${escapeHtml(r.scenario?.name ?? '?')} · <b>seeds</b> ${r.seeds.length} per point (common random numbers)` +
    ` · <b>profile</b> ${escapeHtml(r.profile?.source ?? 'none')} ${escapeHtml(r.profile?.date ?? '')}</div>` +
    (s.description ? `<p class="note">${escapeHtml(s.description)}</p>` : '') +
    `<div><b>swept</b> ${[...grid, ...random].join('; ') || '–'}</div>` +
    `<div><b>objectives</b> minimise ${escapeHtml(objectiveText(r.objective).cost)} and ${escapeHtml(objectiveText(r.objective).service)}</div>`);
}

function pointsTable(root, r) {
  const s = d3.select(root).append('section').attr('id', 'points');
  s.append('h2').text('Points');
  s.append('p').attr('class', 'note').text('Means over the seeds, [95% CI] where the seeds disagree. Latency: successful requests end to end. Hover a row to find its point on the chart.');
  const slo = r.objective.slo !== null;
  const cols = ['point', 'overrides', 'p50 (s)', 'p95 (s)', 'p99 (s)', 'success', `${objectiveText(r.objective).cost}`, 'cold starts', ...(slo ? ['SLO violations'] : []), 'on front'];
  const t = s.append('div').attr('class', 'card').append('table').attr('class', 'data');
  t.append('thead').append('tr').selectAll('th').data(cols).join('th').text((d) => d);
  const rows = t.append('tbody').selectAll('tr').data(r.points).join('tr').attr('class', (p) => (p.pareto ? 'front' : null));
  rows.html((p) => {
    const m = p.metrics;
    return `<td class="num">${p.index}</td><td>${overridesHtml(p.overrides)}</td>` +
      ['p50', 'p95', 'p99'].map((q) => `<td class="num">${est(m.latency[q], 3)}</td>`).join('') +
      `<td class="num">${num(m.successRate.mean * 100, 1)} %</td><td class="num">${est(m.cost[r.objective.cost], 2)}</td>` +
      `<td class="num">${est(m.coldStarts, 1)}</td>${slo ? `<td class="num">${num((m.sloViolationRate ?? NaN) * 100, 2)} %</td>` : ''}` +
      `<td>${p.pareto ? '✓ front' : ''}</td>`;
  });
  rows.on('mouseenter', (_e, p) => d3.selectAll(`circle.point[data-index="${p.index}"]`).classed('hover', true))
    .on('mouseleave', () => d3.selectAll('circle.point.hover').classed('hover', false));
}

async function main() {
  const name = new URLSearchParams(location.search).get('f');
  if (!name) throw new Error('No sweep chosen: open one from the index page (sweep.html?f=<file>).');
  const r = await getResult(name);
  d3.select('#title').text(`Sweep: ${r.sweep.name}`);
  document.title = `FAVE report: sweep ${r.sweep.name}`;
  const root = d3.select('#views').node();
  header(root, name, r);
  const chart = d3.select(root).append('section').attr('id', 'front');
  chart.append('h2').text('Cost vs service');
  sweepScatter(chart.append('div').attr('class', 'card').node(), r);
  pointsTable(root, r);
}

main().catch((e) => d3.select('#errors').text(e.message));
