// Replicas, ready replicas, in-flight and queued (held for scale from zero) calls over
// time, one small chart per function, for one series (its first replication); for an
// asynchronous run, one more per queue: messages waiting and running.
/* global d3 */
import { axisTitles, frame, note, xAxis, yAxis } from '../lib/frame.js';
import { legend } from '../lib/legend.js';
import { hideTip, showTip } from '../lib/tooltip.js';
import { escapeHtml } from '../lib/format.js';

const QUEUE_METRICS = [
  { key: 'depth', label: 'messages waiting (queue)', color: '#b07aa1' },
  { key: 'running', label: 'messages running (queue-worker)', color: '#76b7b2' },
];

const METRICS = [
  { key: 'replicas', label: 'replicas', color: '#4e79a7' },
  { key: 'ready', label: 'ready replicas', color: '#59a14f' },
  { key: 'inflight', label: 'in-flight calls', color: '#f28e2b' },
  { key: 'queued', label: 'queued calls (held for scale from zero)', color: '#e15759' },
];

export default function timeSeriesChart(container, s) {
  const ts = s.variant.timeSeries;
  const fns = Object.keys(ts.functions);
  if (!ts.t.length || !fns.length) return note(container, `${s.label}: no time series recorded.`);
  const queues = Object.keys(ts.queues ?? {});
  const shown = queues.length ? [...METRICS, ...QUEUE_METRICS] : METRICS;
  legend(container, shown.map((m) => ({ label: m.label, color: m.color, shape: 'line' })));
  const grid = d3.select(container).append('div').attr('class', 'small-multiples');
  const x = d3.scaleLinear(d3.extent(ts.t), [0, 1]);
  const cells = [...fns.map((fn) => ({ title: fn, data: ts.functions[fn], metrics: METRICS })), ...queues.map((q) => ({ title: `queue ${q}`, data: ts.queues[q], metrics: QUEUE_METRICS }))];
  for (const { title: fn, data, metrics } of cells) {
    const cell = grid.append('div').attr('class', 'cell').node();
    const f = frame(cell, { width: 340, height: 190, margin: { left: 40, bottom: 40 }, title: fn });
    const xs = x.copy().range([0, f.w]);
    const ymax = Math.max(1, d3.max(metrics, (m) => d3.max(data[m.key] ?? [0])));
    const y = d3.scaleLinear([0, ymax], [f.h, 0]).nice();
    xAxis(f, d3.axisBottom(xs).ticks(5));
    yAxis(f, d3.axisLeft(y).ticks(Math.min(5, y.domain()[1])).tickFormat(d3.format('~d')));
    axisTitles(f, 'time (s)', 'count');
    const lines = metrics.filter((m) => Array.isArray(data[m.key]) && data[m.key].length === ts.t.length)
      .map((m) => ({ m, values: data[m.key] }));
    const line = (vals) => d3.line().x((_, i) => xs(ts.t[i])).y((v) => y(v)).curve(d3.curveStepAfter)(vals);
    f.g.selectAll('path.ts-line').data(lines).join('path').attr('class', (d) => `ts-line ${d.m.key}`)
      .attr('d', (d) => line(d.values)).attr('stroke', (d) => d.m.color).attr('fill', 'none');
    const bisect = d3.bisector((t) => t).right;
    f.g.append('rect').attr('class', 'overlay').attr('width', f.w).attr('height', f.h).attr('fill', 'transparent')
      .on('mousemove', (event) => {
        const i = Math.max(0, bisect(ts.t, xs.invert(d3.pointer(event)[0])) - 1);
        showTip(event, `<b>${escapeHtml(fn)}</b> at ${ts.t[i].toFixed(1)} s<br>` + lines.map((l) => `${l.m.label}: ${l.values[i]}`).join('<br>'));
      })
      .on('mouseleave', hideTip);
  }
}
