// The timeline request by request: a row band per request, one bar per stage call (lanes
// packed so parallel calls stack), the wait before a replica took the call drawn pale,
// failures coloured by cause, cold starts and first calls marked. Drawn for the requests
// in the window only, so zooming into a long run gives each its own readable row.
/* global d3 */
import { OUTCOME_LABELS, outcomeColor } from '../lib/colors.js';
import { attachTip } from '../lib/tooltip.js';
import { escapeHtml, seconds } from '../lib/format.js';

/** Row layout for `requests` (lanes already packed) in `height` px: y0 per request and lane height. */
export function layout(requests, height, { maxLane = 14, gap = 6 } = {}) {
  const lanes = d3.sum(requests, (r) => r.lanes);
  const laneH = Math.max(2, Math.min(maxLane, Math.floor((height - gap * requests.length) / Math.max(1, lanes))));
  let y0 = 0;
  const rows = requests.map((r) => {
    const row = { r, y0 };
    y0 += r.lanes * laneH + gap;
    return row;
  });
  return { rows, laneH, height: y0 };
}

/** Draws into `plot` (cleared) and the y axis into `axes`; `x` maps time to px. */
export function drawDetail(plot, axes, requests, x, { height, color }) {
  const { rows, laneH } = layout(requests, height);
  const y0 = new Map(rows.map((row) => [row.r.request, row.y0]));
  const spans = requests.flatMap((r) => r.spans);
  const top = (d) => y0.get(d.request) + d.lane * laneH + 0.5;
  const h = Math.max(1.5, laneH - 1);
  const served = (d) => (d.route === null ? d.end : d.route);
  const fill = (d) => (d.outcome === 'ok' ? color(d.fn) : outcomeColor(d.outcome));
  plot.selectAll('*').remove();
  plot.selectAll('rect.wait').data(spans.filter((d) => served(d) > d.start)).join('rect').attr('class', 'wait')
    .attr('x', (d) => x(d.start)).attr('width', (d) => Math.max(0.5, x(served(d)) - x(d.start)))
    .attr('y', top).attr('height', h).attr('fill', fill);
  plot.selectAll('rect.span').data(spans.filter((d) => d.route !== null)).join('rect')
    .attr('class', (d) => `span ${d.outcome === 'ok' ? 'ok' : 'failed'}`)
    .attr('x', (d) => x(d.route)).attr('width', (d) => Math.max(2, x(d.end) - x(d.route)))
    .attr('y', top).attr('height', h).attr('fill', fill);
  // Markers sit on the lane's upper edge. A call too narrow for its marker at this zoom (a
  // long run seen whole) gets none: its request's row counts them after its end instead,
  // so markers never bury the bars they belong to. Zooming in brings them back.
  const markY = (d) => top(d) + 1;
  const size = Math.max(10, laneH * laneH * 0.35);
  const room = (d) => x(d.end) - x(d.start) >= Math.sqrt(size) * 1.5;
  const sym = (type) => d3.symbol(type, size);
  plot.selectAll('path.cold').data(spans.filter((d) => d.cold && room(d))).join('path').attr('class', 'cold')
    .attr('transform', (d) => `translate(${x(d.start)},${markY(d)})`).attr('d', sym(d3.symbolTriangle));
  plot.selectAll('path.first-call').data(spans.filter((d) => d.firstCall && room(d))).join('path').attr('class', 'first-call')
    .attr('transform', (d) => `translate(${x(served(d))},${markY(d)})`).attr('d', sym(d3.symbolDiamond));
  const folded = rows.map((row) => ({
    row, cold: row.r.spans.filter((d) => d.cold && !room(d)).length, first: row.r.spans.filter((d) => d.firstCall && !room(d)).length,
  })).filter((c) => c.cold || c.first);
  plot.selectAll('text.mark-count').data(folded).join('text').attr('class', 'mark-count')
    .attr('x', (c) => x(c.row.r.end) + 4).attr('y', (c) => c.row.y0 + (c.row.r.lanes * laneH) / 2).attr('dy', '0.35em')
    .text((c) => `${c.cold ? `▲${c.cold}` : ''}${c.cold && c.first ? ' ' : ''}${c.first ? `◆${c.first}` : ''}`)
    .append('title').text((c) => `request ${c.row.r.request}: ${c.cold} calls waited on a cold start, ${c.first} first calls of a replica (zoom in to place them)`);
  const where = (d) => (d.clip >= 0 ? ` clip ${d.clip}${d.frame >= 0 ? ` frame ${d.frame}` : ''}` : '');
  attachTip(plot.selectAll('rect.wait, rect.span, path.cold, path.first-call'), (d) =>
    `<b>request ${d.request} · ${escapeHtml(d.fn)}</b>${where(d)}<br>arrived ${seconds(d.start)}` +
    `<br>${d.route === null ? 'never reached a replica' : `waited ${seconds(d.route - d.start)}, served ${seconds(d.end - d.route)}`}` +
    `<br>outcome: ${escapeHtml(OUTCOME_LABELS[d.outcome] ?? d.outcome)}${d.cold ? '<br>waited on a cold start' : ''}${d.firstCall ? '<br>first call of its replica' : ''}`);
  const band = d3.scaleOrdinal(rows.map((row) => row.r.request), rows.map((row) => row.y0 + (row.r.lanes * laneH) / 2));
  // Label every request while they fit, else every k-th so labels never overlap.
  const step = Math.max(1, Math.ceil(13 / Math.max(1, d3.min(rows, (row) => row.r.lanes * laneH + 6) ?? 13)));
  axes.selectAll('*').remove();
  axes.append('g').attr('class', 'axis y').call(d3.axisLeft(band).tickValues(rows.filter((_, i) => i % step === 0).map((row) => row.r.request)).tickFormat((r) => `request ${r}`));
}
