// End-to-end latency percentiles of successful requests, per series, with 95% confidence
// intervals over replications as error bars.
/* global d3 */
import { axisTitles, frame, note, xAxis, yAxis } from '../lib/frame.js';
import { seriesColors } from '../lib/colors.js';
import { legend } from '../lib/legend.js';
import { attachTip } from '../lib/tooltip.js';
import { escapeHtml, est } from '../lib/format.js';

const PCTS = ['p50', 'p90', 'p95', 'p99', 'max'];

export default function percentilesChart(container, series, { latency = (s) => s.variant.summary.latency, title = 'End-to-end latency percentiles (successful requests)' } = {}) {
  const pts = [];
  for (const s of series) for (const p of PCTS) {
    const e = latency(s)?.[p];
    if (e && Number.isFinite(e.mean)) pts.push({ s, p, e });
  }
  const f = frame(container, { height: 300, title });
  if (!pts.length) return note(container, 'No successful requests in any series: no latency to show.');
  const color = seriesColors(series);
  const x = d3.scaleBand(PCTS, [0, f.w]).padding(0.2);
  const inner = d3.scaleBand(series.map((s) => s.key), [0, x.bandwidth()]).padding(0.2);
  const y = d3.scaleLinear([0, d3.max(pts, (d) => Math.max(d.e.hi, d.e.mean)) * 1.05], [f.h, 0]).nice();
  xAxis(f, d3.axisBottom(x));
  yAxis(f, d3.axisLeft(y).ticks(6));
  axisTitles(f, 'percentile', 'latency (s)');
  const cx = (d) => x(d.p) + inner(d.s.key) + inner.bandwidth() / 2;
  f.g.selectAll('line.ci').data(pts.filter((d) => d.e.n > 1)).join('line').attr('class', 'ci')
    .attr('x1', cx).attr('x2', cx).attr('y1', (d) => y(Math.max(0, d.e.lo))).attr('y2', (d) => y(d.e.hi)).attr('stroke', (d) => color(d.s.key));
  const dots = f.g.selectAll('circle.pct').data(pts).join('circle').attr('class', 'pct')
    .attr('cx', cx).attr('cy', (d) => y(d.e.mean)).attr('r', 4.5).attr('fill', (d) => color(d.s.key));
  attachTip(dots, (d) => `<b>${escapeHtml(d.s.label)}</b><br>${d.p}: ${est(d.e, 2, 's')}<br>95% CI over ${d.e.n} replications`);
  legend(container, series.map((s) => ({ label: s.label, color: color(s.key) })));
}
