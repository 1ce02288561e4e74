// A long run's timeline in time buckets, for when one row per request would not fit: per
// bucket the requests that started in it (stacked by how they ended) and their end-to-end
// duration (median, p95 and the slowest). The number of marks is bounded by the bucket
// count, not the requests; zooming in narrows the buckets until requests fit one by one.
/* global d3 */
import { OUTCOME_LABELS, outcomeColor } from '../lib/colors.js';
import { attachTip } from '../lib/tooltip.js';
import { escapeHtml, num, seconds } from '../lib/format.js';

/** Buckets of `requests` (by start) over `domain`, at most `count` of them. */
export function bucketsOf(requests, domain, count) {
  const edges = d3.ticks(domain[0], domain[1], count);
  const bin = d3.bin().value((r) => r.start).domain(domain).thresholds(edges.filter((t) => t > domain[0] && t < domain[1]));
  return bin(requests.filter((r) => r.start >= domain[0] && r.start <= domain[1])).map((b) => {
    const durations = b.map((r) => r.end - r.start).sort(d3.ascending);
    const byOutcome = d3.rollup(b, (v) => v.length, (r) => r.outcome);
    return {
      x0: b.x0, x1: b.x1, n: b.length, byOutcome, cold: d3.sum(b, (r) => r.cold),
      p50: d3.quantileSorted(durations, 0.5), p95: d3.quantileSorted(durations, 0.95), max: durations.at(-1),
    };
  });
}

/** Draws into `plot` (cleared) and the y axes into `axes`, `height` px tall. */
export function drawSummary(plot, axes, requests, x, { height, width }) {
  const buckets = bucketsOf(requests, x.domain(), Math.max(10, Math.floor(width / 8)));
  const outcomes = ['ok', ...new Set(requests.map((r) => r.outcome).filter((o) => o !== 'ok'))];
  const gap = 14;
  const hTop = Math.round((height - gap) * 0.55);
  const yLat = d3.scaleLinear([0, d3.max(buckets, (b) => b.max) ?? 1], [hTop, 0]).nice();
  const yN = d3.scaleLinear([0, d3.max(buckets, (b) => b.n) ?? 1], [height, hTop + gap]).nice();
  const stacks = buckets.flatMap((b) => {
    let acc = 0;
    return outcomes.filter((o) => b.byOutcome.get(o)).map((o) => ({ b, o, y0: acc, y1: (acc += b.byOutcome.get(o)) }));
  });
  plot.selectAll('*').remove();
  plot.selectAll('rect.tbin').data(stacks).join('rect').attr('class', (d) => `tbin ${d.o === 'ok' ? 'ok' : 'failed'}`)
    .attr('x', (d) => x(d.b.x0) + 0.5).attr('width', (d) => Math.max(1, x(d.b.x1) - x(d.b.x0) - 1))
    .attr('y', (d) => yN(d.y1)).attr('height', (d) => yN(d.y0) - yN(d.y1)).attr('fill', (d) => outcomeColor(d.o));
  const withLatency = buckets.filter((b) => b.n);
  const mid = (b) => (x(b.x0) + x(b.x1)) / 2;
  plot.selectAll('path.bin-p95').data([withLatency]).join('path').attr('class', 'bin-p95')
    .attr('d', d3.area().x(mid).y0((b) => yLat(b.p50)).y1((b) => yLat(b.p95)).curve(d3.curveStep));
  plot.selectAll('path.bin-p50').data([withLatency]).join('path').attr('class', 'bin-p50')
    .attr('d', d3.line().x(mid).y((b) => yLat(b.p50)).curve(d3.curveStep));
  plot.selectAll('circle.bin-max').data(withLatency).join('circle').attr('class', 'bin-max').attr('cx', mid).attr('cy', (b) => yLat(b.max)).attr('r', 1.8);
  attachTip(plot.selectAll('rect.tbin'), ({ b }) =>
    `<b>${seconds(b.x0)} – ${seconds(b.x1)}</b><br>${num(b.n, 0)} requests started` +
    [...b.byOutcome].map(([o, k]) => `<br>${escapeHtml(OUTCOME_LABELS[o] ?? o)}: ${num(k, 0)}`).join('') +
    `<br>end to end: median ${seconds(b.p50)}, p95 ${seconds(b.p95)}, slowest ${seconds(b.max)}<br>cold starts waited on: ${num(b.cold, 0)}`);
  axes.selectAll('*').remove();
  axes.append('g').attr('class', 'axis y').call(d3.axisLeft(yLat).ticks(4));
  axes.append('g').attr('class', 'axis y').call(d3.axisLeft(yN).ticks(3).tickFormat(d3.format('~d')));
  axes.append('text').attr('class', 'axis-title').attr('transform', 'rotate(-90)').attr('x', -hTop / 2).attr('y', -50).attr('text-anchor', 'middle').text('end to end (s)');
  axes.append('text').attr('class', 'axis-title').attr('transform', 'rotate(-90)').attr('x', -(hTop + gap + height) / 2).attr('y', -50).attr('text-anchor', 'middle').text('requests');
  return buckets;
}
