// sweep.html?f=<name>[&f=<name>…]: a sweep result (fave.sweep-result/v1): what was swept,
// cost against the service objective for every point with the Pareto front, and a table of
// the points. Several files: one column each, the charts on shared axes.
/* global d3 */
import { getResult } from '../lib/api.js';
import { columns, loadAll, part } from '../lib/compare.js';
import { escapeHtml, est, num } from '../lib/format.js';
import sweepScatter, { extentOf, objectiveText, overridesHtml } from '../charts/sweep-scatter.js';

function header(root, name, r, single) {
  const s = r.sweep;
  const grid = Object.entries(s.grid ?? {}).map(([k, v]) => `${escapeHtml(k)} ∈ {${v.map((x) => escapeHtml(JSON.stringify(x))).join(', ')}}`);
  const random = s.random ? [`${s.random.samples} random samples of ${Object.keys(s.random.params).map(escapeHtml).join(', ')} (seed ${s.random.seed})`] : [];
  part(root, 'section', 'about', single).classed('card', true).html(
    `<div><b>file</b> ${escapeHtml(name)} · <b>scenario</b> ${escapeHtml(r.scenario?.name ?? '?')} · <b>seeds</b> ${r.seeds.length} per point (common random numbers)` +
    ` · <b>profile</b> ${escapeHtml(r.profile?.source ?? 'none')} ${escapeHtml(r.profile?.date ?? '')}</div>` +
    (s.description ? `<p class="note">${escapeHtml(s.description)}</p>` : '') +
    `<div><b>swept</b> ${[...grid, ...random].join('; ') || '–'}</div>` +
    `<div><b>objectives</b> minimise ${escapeHtml(objectiveText(r.objective).cost)} and ${escapeHtml(objectiveText(r.objective).service)}</div>`);
}

function pointsTable(root, r, single) {
  const s = part(root, 'section', 'points', single);
  s.append('h2').text('Points');
  s.append('p').attr('class', 'note').text('Means over the seeds, [95% CI] where the seeds disagree. Latency: successful requests end to end. Hover a row to find its point on the chart.');
  const slo = r.objective.slo !== null;
  const cols = ['point', 'overrides', 'p50 (s)', 'p95 (s)', 'p99 (s)', 'success', `${objectiveText(r.objective).cost}`, 'cold starts', ...(slo ? ['SLO violations'] : []), 'on front'];
  // The table scrolls inside its card when the columns are wider than the card.
  const t = s.append('div').attr('class', 'card').append('div').attr('class', 'table-scroll').append('table').attr('class', 'data');
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
  const chart = d3.select(root).selectAll('circle.point');
  rows.on('mouseenter', (_e, p) => chart.filter(`[data-index="${p.index}"]`).classed('hover', true))
    .on('mouseleave', () => chart.classed('hover', false));
}

async function main() {
  const files = await loadAll(getResult, 'sweep');
  if (!files.length) return;
  d3.select('#title').text(`Sweep: ${files.map((f) => f.json.sweep.name).join(' vs ')}`);
  document.title = `FAVE report: ${d3.select('#title').text()}`;
  const single = files.length === 1;
  // Shared axes only between sweeps of the same objectives; otherwise each its own.
  const sameObjective = new Set(files.map((f) => JSON.stringify(f.json.objective))).size === 1;
  const max = sameObjective ? { cost: d3.max(files, (f) => extentOf(f.json).cost), service: d3.max(files, (f) => extentOf(f.json).service) } : undefined;
  const cols = columns(d3.select('#views').node(), files);
  files.forEach(({ name, json }, i) => {
    const root = cols[i];
    header(root, name, json, single);
    const chart = part(root, 'section', 'front', single);
    chart.append('h2').text('Cost vs service');
    sweepScatter(chart.append('div').attr('class', 'card').node(), json, { max });
    pointsTable(root, json, single);
  });
}

main().catch((e) => d3.select('#errors').text(e.message));
