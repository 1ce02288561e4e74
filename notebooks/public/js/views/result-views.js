// The five result views for a set of series, each in its own section of `root`: run
// summary, latency CDFs, request timeline, time series, cost vs p95. Study pages reuse the
// sections they need.
/* global d3 */
import outcomesChart from '../charts/outcomes.js';
import percentilesChart from '../charts/percentiles.js';
import coldStartsChart from '../charts/cold-starts.js';
import costChart from '../charts/cost.js';
import cdfChart from '../charts/cdf.js';
import timelineChart from '../charts/timeline.js';
import timeSeriesChart from '../charts/timeseries.js';
import paretoChart from '../charts/pareto.js';
import { stagesOf } from '../lib/series.js';
import { escapeHtml } from '../lib/format.js';
import { section, card } from '../lib/section.js';

export function summaryView(root, series) {
  const s = section(root, 'summary', 'Run summary', 'Means over replications; error bars and tooltips give 95% confidence intervals.');
  outcomesChart(card(s), series);
  percentilesChart(card(s), series);
  coldStartsChart(card(s), series);
  costChart(card(s), series);
}

export function cdfView(root, series) {
  const s = section(root, 'cdfs', 'Latency distributions', 'Empirical CDFs from the histograms merged over all replications: end to end, then per stage (gateway arrival to answer, successful calls).');
  cdfChart(card(s), series, { histogram: (x) => x.variant.histograms.e2e, title: 'End to end', height: 320 });
  const c = card(s);
  const grid = d3.select(c).append('div').attr('class', 'small-multiples');
  for (const stage of stagesOf(series)) {
    const cell = grid.append('div').attr('class', 'cell').node();
    cdfChart(cell, series, { histogram: (x) => x.variant.histograms.functions[stage], title: stage, height: 200, showLegend: false });
  }
}

/** A chart of one series with a selector to switch series. */
function perSeries(root, id, title, intro, series, draw) {
  const s = section(root, id, title, intro);
  const c = d3.select(card(s));
  const controls = c.append('div').attr('class', 'controls');
  controls.append('label').text('series: ');
  const sel = controls.append('select').attr('class', 'series-select');
  sel.selectAll('option').data(series).join('option').attr('value', (d) => d.key).text((d) => d.label);
  const body = c.append('div');
  const render = () => {
    body.selectAll('*').remove();
    draw(body.node(), series.find((x) => x.key === sel.property('value')) ?? series[0]);
  };
  sel.on('change', render);
  render();
}

export function timelineView(root, series) {
  const stages = stagesOf(series);
  perSeries(root, 'timeline', 'Request timeline', 'The sampled requests of the first replication: one bar per stage call.', series, (el, s) => timelineChart(el, s, { stages }));
}

export function timeSeriesView(root, series) {
  perSeries(root, 'series', 'Replicas and load over time', 'First replication, sampled at the scenario’s time-series step.', series, timeSeriesChart);
}

export function paretoView(root, series) {
  const s = section(root, 'pareto', 'Cost vs tail latency');
  paretoChart(card(s), series);
}

/** A table of the files shown: scenario, description, replications, profile. */
export function filesView(root, results) {
  const s = section(root, 'files', 'Scenarios');
  const t = d3.select(card(s)).append('table').attr('class', 'data');
  t.append('thead').html('<tr><th>file</th><th>scenario</th><th>variants</th><th>replications</th><th>profile</th></tr>');
  t.append('tbody').selectAll('tr').data(results).join('tr').html(({ name, json }) =>
    `<td>${escapeHtml(name)}</td><td><b>${escapeHtml(json.scenario.name)}</b><br><span class="note">${escapeHtml(json.scenario.description ?? '')}</span></td>` +
    `<td>${json.variants.map((v) => escapeHtml(v.name)).join('<br>')}</td><td class="num">${json.variants[0].seeds.length}</td>` +
    `<td>${escapeHtml(json.profile?.source ?? 'none')} ${escapeHtml(json.profile?.date ?? '')}</td>`);
}
