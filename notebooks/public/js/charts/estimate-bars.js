// Grouped bars of estimates (mean with 95% CI) for a few chosen metrics per series: the
// generic chart studies use for the one number their question is about.
/* global d3 */
import { axisTitles, frame, xAxis, yAxis } from '../lib/frame.js';
import { seriesColors } from '../lib/colors.js';
import { legend } from '../lib/legend.js';
import { attachTip } from '../lib/tooltip.js';
import { escapeHtml, est } from '../lib/format.js';

/** metrics: [{label, get: (series) => Estimate}] */
export default function estimateBars(container, series, metrics, { title, yTitle, height = 280 } = {}) {
  const bars = [];
  for (const m of metrics) for (const s of series) {
    const e = m.get(s);
    if (e && Number.isFinite(e.mean)) bars.push({ m, s, e });
  }
  const f = frame(container, { height, title });
  const color = seriesColors(series);
  const x = d3.scaleBand(metrics.map((m) => m.label), [0, f.w]).padding(0.25);
  const inner = d3.scaleBand(series.map((s) => s.key), [0, x.bandwidth()]).padding(0.1);
  const y = d3.scaleLinear([0, Math.max(1e-9, d3.max(bars, (b) => Math.max(b.e.hi, b.e.mean)) ?? 1)], [f.h, 0]).nice();
  xAxis(f, d3.axisBottom(x));
  yAxis(f, d3.axisLeft(y).ticks(6));
  axisTitles(f, null, yTitle);
  const rect = f.g.selectAll('rect.estimate').data(bars).join('rect').attr('class', 'estimate')
    .attr('x', (d) => x(d.m.label) + inner(d.s.key)).attr('width', inner.bandwidth())
    .attr('y', (d) => y(Math.max(0, d.e.mean))).attr('height', (d) => f.h - y(Math.max(0, d.e.mean))).attr('fill', (d) => color(d.s.key));
  const cx = (d) => x(d.m.label) + inner(d.s.key) + inner.bandwidth() / 2;
  f.g.selectAll('line.ci').data(bars.filter((d) => d.e.n > 1 && d.e.hi > d.e.lo)).join('line').attr('class', 'ci')
    .attr('x1', cx).attr('x2', cx).attr('y1', (d) => y(Math.max(0, d.e.lo))).attr('y2', (d) => y(d.e.hi));
  attachTip(rect, (d) => `<b>${escapeHtml(d.s.label)}</b><br>${escapeHtml(d.m.label)}: ${est(d.e, 2)}`);
  legend(container, series.map((s) => ({ label: s.label, color: color(s.key) })));
}
