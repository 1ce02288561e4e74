// Cost against tail latency, one point per series with 95% CI bars both ways; the Pareto
// front (no other series is both cheaper and faster) is joined and highlighted.
/* global d3 */
import { axisTitles, frame, note, xAxis, yAxis } from '../lib/frame.js';
import { seriesColors } from '../lib/colors.js';
import { legend } from '../lib/legend.js';
import { attachTip } from '../lib/tooltip.js';
import { escapeHtml, est } from '../lib/format.js';
import { dodge, drawLeaders } from '../lib/dodge.js';

/** Points not dominated by another (≤ on both, < on one), sorted by cost. */
export function paretoFront(points) {
  return points
    .filter((p) => !points.some((q) => q !== p && q.cost <= p.cost && q.p95 <= p.p95 && (q.cost < p.cost || q.p95 < p.p95)))
    .sort((a, b) => a.cost - b.cost);
}

export default function paretoChart(container, series) {
  const all = series.map((s) => ({ s, c: s.variant.summary.cost.replicaGBs, l: s.variant.summary.latency.p95, ok: s.variant.summary.successRate }));
  const pts = all.filter((d) => Number.isFinite(d.l.mean)).map((d) => ({ ...d, cost: d.c.mean, p95: d.l.mean }));
  const f = frame(container, { height: 340, margin: { top: 24, right: 40 }, title: 'Cost vs p95 latency' });
  if (!pts.length) return note(container, 'No series has successful requests: no p95 to plot.');
  const front = paretoFront(pts);
  const color = seriesColors(series);
  const x = d3.scaleLinear([0, d3.max(pts, (d) => Math.max(d.c.hi, d.cost)) * 1.08], [0, f.w]).nice();
  const y = d3.scaleLinear([0, d3.max(pts, (d) => Math.max(d.l.hi, d.p95)) * 1.08], [f.h, 0]).nice();
  xAxis(f, d3.axisBottom(x).ticks(6));
  yAxis(f, d3.axisLeft(y).ticks(6));
  axisTitles(f, 'cost: replica GB·s per run', 'p95 end-to-end latency (s)');
  f.g.append('path').datum(front).attr('class', 'pareto')
    .attr('d', d3.line().x((d) => x(d.cost)).y((d) => y(d.p95)).curve(d3.curveStepAfter));
  const ci = pts.filter((d) => d.c.n > 1);
  f.g.selectAll('line.ci-x').data(ci).join('line').attr('class', 'ci ci-x')
    .attr('x1', (d) => x(Math.max(0, d.c.lo))).attr('x2', (d) => x(d.c.hi)).attr('y1', (d) => y(d.p95)).attr('y2', (d) => y(d.p95));
  f.g.selectAll('line.ci-y').data(ci).join('line').attr('class', 'ci ci-y')
    .attr('y1', (d) => y(Math.max(0, d.l.lo))).attr('y2', (d) => y(d.l.hi)).attr('x1', (d) => x(d.cost)).attr('x2', (d) => x(d.cost));
  // Series on the same spot are spread around it (lib/dodge.js), each joined to it by a thin line.
  for (const d of pts) [d.px, d.py] = [x(d.cost), y(d.p95)];
  dodge(pts, 7);
  drawLeaders(f.g, pts);
  const dots = f.g.selectAll('circle.point').data(pts).join('circle')
    .attr('class', (d) => `point${front.includes(d) ? ' front' : ''}`)
    .attr('cx', (d) => d.px + d.dx).attr('cy', (d) => d.py + d.dy).attr('r', (d) => (front.includes(d) ? 6 : 5)).attr('fill', (d) => color(d.s.key));
  // Series that land on the same spot (same seeds, a setting that changed nothing) share one label.
  const spots = d3.groups(pts, (d) => `${Math.round(x(d.cost))},${Math.round(y(d.p95))}`).map(([, g]) => g);
  f.g.selectAll('text.point-label').data(spots).join('text').attr('class', 'point-label')
    .attr('x', (g) => x(g[0].cost) + 9 + d3.max(g, (d) => d.dx)).attr('y', (g) => y(g[0].p95) - 7).text((g) => g.map((d) => d.s.label).join(' = '));
  attachTip(dots, (d) => `<b>${escapeHtml(d.s.label)}</b>${front.includes(d) ? ' (Pareto front)' : ''}<br>replica GB·s: ${est(d.c, 1)}<br>p95: ${est(d.l, 2, 's')}<br>success: ${est({ ...d.ok, mean: d.ok.mean * 100, lo: d.ok.lo * 100, hi: d.ok.hi * 100 }, 1)} %`);
  const missing = all.filter((d) => !Number.isFinite(d.l.mean));
  legend(container, [
    ...pts.map((d) => ({ label: d.s.label, color: color(d.s.key) })),
    { label: 'Pareto front (cheaper or faster than every other)', color: '#222', shape: 'line' },
  ]);
  if (missing.length) note(container, `Not plotted (no successful requests): ${missing.map((d) => d.s.label).join(', ')}.`);
}
