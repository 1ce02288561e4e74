// The sampled requests of one series as a Gantt chart: a row band per request, one bar per
// stage call (lanes packed so parallel calls stack), the wait before a replica took the
// call drawn pale, failures coloured by cause, cold starts and first calls marked.
/* global d3 */
import { axisTitles, frame, note, xAxis, yAxis } from '../lib/frame.js';
import { OUTCOME_LABELS, outcomeColor, stageColors } from '../lib/colors.js';
import { legend } from '../lib/legend.js';
import { attachTip } from '../lib/tooltip.js';
import { escapeHtml, seconds } from '../lib/format.js';

/** Greedy interval packing: each span gets the first lane free at its start. */
function pack(spans) {
  const ends = [];
  for (const s of [...spans].sort((a, b) => a.start - b.start || a.end - b.end)) {
    let lane = ends.findIndex((e) => e <= s.start);
    if (lane < 0) lane = ends.push(0) - 1;
    ends[lane] = s.end;
    s.lane = lane;
  }
  return ends.length;
}

export default function timelineChart(container, s, { stages } = {}) {
  const spans = s.variant.spans.map((d) => ({ ...d }));
  if (!spans.length) return note(container, `${s.label}: no spans recorded.`);
  const requests = [...new Set(spans.map((d) => d.request))].sort((a, b) => a - b);
  const bands = requests.map((r) => {
    const own = spans.filter((d) => d.request === r);
    return { request: r, spans: own, lanes: pack(own) };
  });
  const totalLanes = d3.sum(bands, (b) => b.lanes);
  const laneH = Math.max(3, Math.min(14, Math.floor(640 / totalLanes)));
  const gap = 6;
  let y0 = 0;
  for (const b of bands) {
    b.y0 = y0;
    y0 += b.lanes * laneH + gap;
  }
  const f = frame(container, { height: y0 + 56, margin: { left: 70 } });
  const x = d3.scaleLinear([d3.min(spans, (d) => d.start), d3.max(spans, (d) => d.end)], [0, f.w]).nice();
  xAxis(f, d3.axisBottom(x).ticks(Math.round(f.w / 80)));
  const yBand = d3.scaleOrdinal(requests, bands.map((b) => b.y0 + (b.lanes * laneH) / 2));
  yAxis(f, d3.axisLeft(yBand).tickFormat((r) => `request ${r}`));
  axisTitles(f, 'simulated time (s)', null);
  const color = stageColors(stages ?? [...new Set(spans.map((d) => d.fn))]);
  const byReq = new Map(bands.map((b) => [b.request, b]));
  const top = (d) => byReq.get(d.request).y0 + d.lane * laneH + 0.5;
  const h = Math.max(2, laneH - 1);
  const served = (d) => (d.route === null ? d.end : d.route);
  f.g.selectAll('rect.wait').data(spans.filter((d) => served(d) > d.start)).join('rect').attr('class', 'wait')
    .attr('x', (d) => x(d.start)).attr('width', (d) => Math.max(0.5, x(served(d)) - x(d.start)))
    .attr('y', top).attr('height', h).attr('fill', (d) => (d.outcome === 'ok' ? color(d.fn) : outcomeColor(d.outcome)));
  const bars = f.g.selectAll('rect.span').data(spans.filter((d) => d.route !== null)).join('rect')
    .attr('class', (d) => `span ${d.outcome === 'ok' ? 'ok' : 'failed'}`)
    .attr('x', (d) => x(d.route)).attr('width', (d) => Math.max(1, x(d.end) - x(d.route)))
    .attr('y', top).attr('height', h).attr('fill', (d) => (d.outcome === 'ok' ? color(d.fn) : outcomeColor(d.outcome)));
  const markY = (d) => top(d) + h / 2;
  const sym = (type) => d3.symbol(type, Math.max(16, laneH * laneH * 0.8));
  f.g.selectAll('path.cold').data(spans.filter((d) => d.cold)).join('path').attr('class', 'cold')
    .attr('transform', (d) => `translate(${x(d.start)},${markY(d)})`).attr('d', sym(d3.symbolTriangle));
  f.g.selectAll('path.first-call').data(spans.filter((d) => d.firstCall)).join('path').attr('class', 'first-call')
    .attr('transform', (d) => `translate(${x(served(d))},${markY(d)})`).attr('d', sym(d3.symbolDiamond));
  const where = (d) => (d.clip >= 0 ? ` clip ${d.clip}${d.frame >= 0 ? ` frame ${d.frame}` : ''}` : '');
  attachTip(f.g.selectAll('rect.wait, rect.span, path.cold, path.first-call'), (d) =>
    `<b>request ${d.request} · ${escapeHtml(d.fn)}</b>${where(d)}<br>arrived ${seconds(d.start)}` +
    `<br>${d.route === null ? 'never reached a replica' : `waited ${seconds(d.route - d.start)}, served ${seconds(d.end - d.route)}`}` +
    `<br>outcome: ${escapeHtml(OUTCOME_LABELS[d.outcome] ?? d.outcome)}${d.cold ? '<br>waited on a cold start' : ''}${d.firstCall ? '<br>first call of its replica' : ''}`);
  void bars;
  const failed = [...new Set(spans.filter((d) => d.outcome !== 'ok').map((d) => d.outcome))];
  legend(container, [
    ...color.domain().filter((st) => spans.some((d) => d.fn === st)).map((st) => ({ label: st, color: color(st) })),
    ...failed.map((o) => ({ label: `failed: ${OUTCOME_LABELS[o] ?? o}`, color: outcomeColor(o) })),
    { label: 'pale: waiting for a replica', color: '#bbb', shape: 'box pale' },
    { label: 'cold start', color: '#1f4e99', shape: 'marker', symbol: '▲' },
    { label: 'first call', color: '#d4a000', shape: 'marker', symbol: '◆' },
  ]);
}
