// Cost units per series: replica GB·s (memory held by live replicas × time) split into busy
// and idle, with the 95% CI of the total, and the Lambda-style invocation GB·s as a tick.
/* global d3 */
import { axisTitles, frame, xAxis, yAxis } from '../lib/frame.js';
import { legend } from '../lib/legend.js';
import { attachTip } from '../lib/tooltip.js';
import { escapeHtml, est } from '../lib/format.js';

const PARTS = [
  { key: 'busyGBs', label: 'busy replica GB·s', color: '#4e79a7' },
  { key: 'idleGBs', label: 'idle replica GB·s', color: '#a0cbe8' },
];

export default function costChart(container, series) {
  const f = frame(container, { height: 40 + series.length * 34, margin: { left: 190 }, title: 'Cost units' });
  const max = d3.max(series, (s) => Math.max(s.variant.summary.cost.replicaGBs.hi, s.variant.summary.cost.invocationGBs.mean)) || 1;
  const x = d3.scaleLinear([0, max * 1.05], [0, f.w]).nice();
  const y = d3.scaleBand(series.map((s) => s.key), [0, f.h]).padding(0.25);
  xAxis(f, d3.axisBottom(x).ticks(6));
  yAxis(f, d3.axisLeft(y).tickFormat((k) => series.find((s) => s.key === k).label));
  axisTitles(f, 'GB·s (memory × time, mean over replications)', null);
  const segs = series.flatMap((s) => {
    const c = s.variant.summary.cost;
    return [{ s, part: PARTS[0], x0: 0, x1: c.busyGBs.mean, c }, { s, part: PARTS[1], x0: c.busyGBs.mean, x1: c.busyGBs.mean + c.idleGBs.mean, c }];
  });
  const rect = f.g.selectAll('rect.cost').data(segs).join('rect').attr('class', 'cost')
    .attr('x', (d) => x(d.x0)).attr('width', (d) => Math.max(0, x(d.x1) - x(d.x0)))
    .attr('y', (d) => y(d.s.key)).attr('height', y.bandwidth()).attr('fill', (d) => d.part.color);
  const cy = (s) => y(s.key) + y.bandwidth() / 2;
  f.g.selectAll('line.ci').data(series.filter((s) => s.variant.summary.cost.replicaGBs.n > 1)).join('line').attr('class', 'ci')
    .attr('y1', cy).attr('y2', cy)
    .attr('x1', (s) => x(Math.max(0, s.variant.summary.cost.replicaGBs.lo))).attr('x2', (s) => x(s.variant.summary.cost.replicaGBs.hi));
  f.g.selectAll('line.invocation').data(series).join('line').attr('class', 'invocation')
    .attr('x1', (s) => x(s.variant.summary.cost.invocationGBs.mean)).attr('x2', (s) => x(s.variant.summary.cost.invocationGBs.mean))
    .attr('y1', (s) => y(s.key) - 3).attr('y2', (s) => y(s.key) + y.bandwidth() + 3);
  attachTip(rect, (d) => `<b>${escapeHtml(d.s.label)}</b><br>replica GB·s: ${est(d.c.replicaGBs, 1)}<br>busy: ${est(d.c.busyGBs, 1)}<br>idle: ${est(d.c.idleGBs, 1)}<br>invocation GB·s (per-request billing): ${est(d.c.invocationGBs, 1)}`);
  legend(container, [...PARTS.map((p) => ({ label: p.label, color: p.color })), { label: 'invocation GB·s (per-request billing)', color: '#222', shape: 'line' }, { label: '95% CI of replica GB·s', color: '#222', shape: 'dash' }]);
}
