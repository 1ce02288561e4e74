// QQ plot of a fit: sorted samples against the fitted quantiles at (i − ½)/n. Points on
// the diagonal mean the family describes the samples; bends show where it does not.
/* global d3 */
import { axisTitles, frame, note, xAxis, yAxis } from '../lib/frame.js';
import { attachTip } from '../lib/tooltip.js';
import { num } from '../lib/format.js';

/** The largest value of `fit`'s QQ plot, for plots side by side to share (0 without points). */
export const qqExtent = (fit) => d3.max(fit.qq, (d) => Math.max(d.sample, d.fitted)) ?? 0;

/** `top`: the axes' reach, shared with other fits' plots (qqExtent); its own by default. */
export default function qqChart(container, fit, { width = 260, height = 220, top = qqExtent(fit) } = {}) {
  if (!fit.qq.length) return note(container, fit.n ? `QQ plot needs 2 samples or more (n = ${fit.n}).` : 'Assumed, not measured: no samples for a QQ plot.');
  const f = frame(container, { width, height, margin: { left: 48, bottom: 42, right: 12 } });
  const hi = top * 1.05 || 1;
  const x = d3.scaleLinear([0, hi], [0, f.w]).nice();
  const y = d3.scaleLinear(x.domain(), [f.h, 0]);
  const unit = fit.unit === 's' ? ' (s)' : '';
  xAxis(f, d3.axisBottom(x).ticks(4));
  yAxis(f, d3.axisLeft(y).ticks(4));
  axisTitles(f, `fitted quantile${unit}`, `sample${unit}`);
  f.g.append('line').attr('class', 'diagonal').attr('x1', 0).attr('y1', f.h).attr('x2', f.w).attr('y2', 0);
  const dots = f.g.selectAll('circle.qq').data(fit.qq).join('circle').attr('class', 'qq')
    .attr('cx', (d) => x(d.fitted)).attr('cy', (d) => y(d.sample)).attr('r', 3.5);
  attachTip(dots, (d) => `p = ${num(d.p, 3)}<br>sample ${num(d.sample, 3)}<br>fitted ${num(d.fitted, 3)}`);
}
