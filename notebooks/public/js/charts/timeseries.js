// Replicas, ready replicas, in-flight and queued (held for scale from zero) calls over
// time, one small chart per function, for one series (its first replication). All the
// charts share one zoomable time window (lib/x-zoom.js). Where a window holds more samples
// than pixels, each pixel column shows its range (shaded) and mean (the line) instead of
// every step. Replicas and ready replicas are often equal: replicas is drawn wide and pale,
// ready dashed on top, so neither hides the other. An asynchronous run gets one more chart
// per queue: messages waiting (for a slot or a retry) and running.
/* global d3 */
import { axisTitles, frame, note, xAxis, yAxis } from '../lib/frame.js';
import { legend } from '../lib/legend.js';
import { hideTip, showTip } from '../lib/tooltip.js';
import { escapeHtml } from '../lib/format.js';
import { envelope } from '../lib/envelope.js';
import { overview, xWindow, zoomable } from '../lib/x-zoom.js';

const METRICS = [
  { key: 'replicas', label: 'replicas (wide, pale)', color: '#4e79a7', width: 6, opacity: 0.4 },
  { key: 'ready', label: 'ready replicas (dashed)', color: '#59a14f', width: 1.8, dash: '6 4' },
  { key: 'inflight', label: 'in-flight calls', color: '#f28e2b', width: 1.4 },
  { key: 'queued', label: 'queued calls (held for scale from zero; dotted)', color: '#e15759', width: 1.6, dash: '2 2' },
];

const QUEUE_METRICS = [
  { key: 'depth', label: 'messages waiting (queue)', color: '#b07aa1', width: 1.6 },
  { key: 'running', label: 'messages running (queue-worker)', color: '#76b7b2', width: 1.4, dash: '6 2' },
];

function cell(grid, win, ts, fn, data = ts.functions[fn], metrics = METRICS) {
  const node = grid.append('div').attr('class', 'cell').node();
  const f = frame(node, { width: 340, height: 190, margin: { left: 40, bottom: 40 }, title: fn });
  const x = d3.scaleLinear(win.full, [0, f.w]);
  const ymax = Math.max(1, d3.max(metrics, (m) => d3.max(data[m.key] ?? [0])));
  const y = d3.scaleLinear([0, ymax], [f.h, 0]).nice();
  yAxis(f, d3.axisLeft(y).ticks(Math.min(5, y.domain()[1])).tickFormat(d3.format('~d')));
  axisTitles(f, 'time (s)', 'count');
  const xg = xAxis(f, d3.axisBottom(x).ticks(5));
  const lines = metrics.filter((m) => Array.isArray(data[m.key]) && data[m.key].length === ts.t.length).map((m) => ({ m, values: data[m.key] }));
  const bisect = d3.bisector((t) => t);
  let xs = x;
  zoomable(win, f, x, (xz) => {
    xs = xz;
    xg.call(d3.axisBottom(xz).ticks(5));
    const [a, b] = xz.domain();
    // One sample before the window so the first step starts at its left edge.
    const i0 = Math.max(0, bisect.right(ts.t, a) - 1);
    const i1 = Math.min(ts.t.length, bisect.left(ts.t, b) + 1);
    const cols = Math.floor(f.w / 2);
    const summarise = i1 - i0 > cols;
    const plot = f.g.select('g.plot');
    f.svg.attr('data-mode', summarise ? 'envelope' : 'steps');
    const shaped = lines.map((l) => ({ ...l, env: summarise ? envelope(ts.t, l.values, i0, i1, a, b, cols) : null }));
    plot.selectAll('path.ts-band').data(shaped.filter((l) => l.env)).join('path').attr('class', (d) => `ts-band ${d.m.key}`)
      .attr('fill', (d) => d.m.color).attr('d', (d) => d3.area().x((o) => xz(o.t0)).y0((o) => y(o.min)).y1((o) => y(o.max)).curve(d3.curveStepAfter)(d.env));
    const path = (d) => (d.env
      ? d3.line().x((o) => xz(o.t0)).y((o) => y(o.mean)).curve(d3.curveStepAfter)(d.env)
      : d3.line().x((i) => xz(ts.t[i])).y((i) => y(d.values[i])).curve(d3.curveStepAfter)(d3.range(i0, i1)));
    plot.selectAll('path.ts-line').data(shaped).join('path').attr('class', (d) => `ts-line ${d.m.key}`)
      .attr('d', path).attr('stroke', (d) => d.m.color).attr('stroke-width', (d) => d.m.width)
      .attr('stroke-opacity', (d) => d.m.opacity ?? 1).attr('stroke-dasharray', (d) => d.m.dash ?? null).attr('fill', 'none');
  });
  f.g.select('rect.zoom-bg')
    .on('mousemove', (event) => {
      const i = Math.max(0, bisect.right(ts.t, xs.invert(d3.pointer(event)[0])) - 1);
      showTip(event, `<b>${escapeHtml(fn)}</b> at ${ts.t[i].toFixed(1)} s<br>` + lines.map((l) => `${l.m.label}: ${l.values[i]}`).join('<br>'));
    })
    .on('mouseleave', hideTip);
}

export default function timeSeriesChart(container, s) {
  const ts = s.variant.timeSeries;
  const fns = Object.keys(ts.functions);
  if (!ts.t.length || !fns.length) return note(container, `${s.label}: no time series recorded.`);
  const win = xWindow(d3.extent(ts.t), { minSpan: Math.min(10, (ts.t.at(-1) - ts.t[0]) || 1) });
  const queues = Object.keys(ts.queues ?? {});
  legend(container, [...METRICS, ...(queues.length ? QUEUE_METRICS : [])].map((m) => ({ label: m.label, color: m.color, shape: m.dash ? 'dash' : 'line' })));
  overview(container, win, (o, ox) => {
    // The whole run small: calls in flight over all functions, as a column envelope.
    const total = ts.t.map((_, i) => d3.sum(fns, (fn) => ts.functions[fn].inflight?.[i] ?? 0));
    const env = envelope(ts.t, total, 0, ts.t.length, win.full[0], win.full[1], Math.max(1, Math.floor(o.w / 2)));
    const y = d3.scaleLinear([0, d3.max(env, (e) => e.max) || 1], [o.h, 0]);
    o.g.append('path').attr('class', 'ov-area').attr('d', d3.area().x((e) => ox(e.t0)).y0(o.h).y1((e) => y(e.max)).curve(d3.curveStepAfter)(env));
    o.g.append('text').attr('class', 'note').attr('x', 4).attr('y', 10).text('calls in flight, all functions');
  }, { margin: { left: 40 } });
  const grid = d3.select(container).append('div').attr('class', 'small-multiples');
  for (const fn of fns) cell(grid, win, ts, fn);
  for (const q of queues) cell(grid, win, ts, `queue ${q}`, ts.queues[q], QUEUE_METRICS);
}
