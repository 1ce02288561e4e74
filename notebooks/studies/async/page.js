// Asynchronous invocation: the long-job problem three ways, ack_wait duplicates, 429 retries.
// Every number and the recommendation come from decide.js, computed from the results.
/* global d3 */
import { findings, loadStudyPage } from '/js/views/study.js';
import { summaryView, cdfView, timeSeriesView } from '/js/views/result-views.js';
import { section, card } from '/js/lib/section.js';
import { axisTitles, frame, note, xAxis, yAxis } from '/js/lib/frame.js';
import { legend } from '/js/lib/legend.js';
import { escapeHtml } from '/js/lib/format.js';
import { decide } from './decide.js';

const COLORS = d3.schemeTableau10;

/** Each async variant's queue depth over time (first replication): one line per variant of a scenario. */
function queueDepthView(root, series) {
  const s = section(root, 'queues', 'Queue depth over time', 'Messages waiting for the queue-worker (a slot, or a retry’s back-off), first replication, per asynchronous variant.');
  const byScenario = d3.group(series.filter((x) => x.variant.timeSeries.queues), (x) => x.scenario.name);
  if (!byScenario.size) return note(card(s), 'No asynchronous variant in these results.');
  for (const [name, group] of byScenario) {
    const c = card(s);
    legend(c, group.map((x, i) => ({ label: x.variant.name, color: COLORS[i % 10], shape: 'line' })));
    const f = frame(c, { height: 240, title: name });
    const tmax = d3.max(group, (x) => d3.max(x.variant.timeSeries.t)) || 1;
    const depth = (x) => x.variant.timeSeries.queues['faas-request']?.depth ?? [];
    const ymax = Math.max(1, d3.max(group, (x) => d3.max(depth(x))) ?? 1);
    const xs = d3.scaleLinear([0, tmax], [0, f.w]);
    const y = d3.scaleLinear([0, ymax], [f.h, 0]).nice();
    xAxis(f, d3.axisBottom(xs).ticks(6));
    yAxis(f, d3.axisLeft(y).ticks(5).tickFormat(d3.format('~d')));
    axisTitles(f, 'time (s)', 'messages waiting');
    group.forEach((x, i) => {
      const t = x.variant.timeSeries.t;
      const line = d3.line().x((_, k) => xs(t[k])).y((v) => y(v)).curve(d3.curveStepAfter);
      f.g.append('path').attr('class', 'queue-depth').attr('fill', 'none').attr('stroke', COLORS[i % 10]).attr('stroke-width', 1.5).attr('d', line(depth(x)));
    });
  }
}

async function main() {
  const page = await loadStudyPage('async');
  if (!page) return;
  const { series } = page;
  const d = decide(series.map((x) => ({ scenario: x.scenario, name: x.variant.name, overrides: x.variant.overrides, summary: x.variant.summary })));
  const items = [];
  for (const r of d.longJob.rows) {
    items.push(`<b>${escapeHtml(r.name)}</b>: success ${(r.success * 100).toFixed(0)} %, result p50 ${Number.isFinite(r.resultP50) ? r.resultP50.toFixed(1) : '–'} s, p95 ${Number.isFinite(r.resultP95) ? r.resultP95.toFixed(1) : '–'} s, caller's connection held p95 ${Number.isFinite(r.connectionP95) ? r.connectionP95.toFixed(1) : '–'} s, ${r.replicaGBs.toFixed(0)} replica GB·s, ${r.duplicates.toFixed(1)} duplicates.`);
  }
  const bold = (t) => (t.startsWith('Recommendation:') ? `<b>${escapeHtml(t)}</b>` : escapeHtml(t));
  items.push(...d.longJob.text.map(bold), ...d.ackWait.text.map(bold), ...d.retries.text.map(bold));
  findings(items);
  const root = d3.select('#views').node();
  summaryView(root, series);
  queueDepthView(root, series);
  timeSeriesView(root, series.filter((x) => x.variant.timeSeries.queues));
  cdfView(root, series);
}

main().catch((e) => d3.select('#errors').text(e.message));
