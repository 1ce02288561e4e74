// One calibration fit: the histogram of its samples as a density, and the fitted density
// over the same axis (computed by the server from sim/dist). Without samples (an assumed
// fit) only the curve is drawn.
/* global d3 */
import { axisTitles, frame, xAxis, yAxis } from '../lib/frame.js';
import { attachTip } from '../lib/tooltip.js';
import { num } from '../lib/format.js';

/** How far the chart of `fit` reaches: {xmax, ymax}, for charts side by side to share. */
export function densityExtent(fit) {
  return {
    xmax: d3.max([...fit.curve.map((d) => d.x), ...fit.bins.map((b) => b.x1)]),
    ymax: d3.max([...fit.curve.map((d) => d.density), ...fit.bins.map((b) => b.density)]) || 1,
  };
}

/** `extent`: {xmax, ymax} to share axes with other fits' charts (densityExtent); its own by default. */
export default function fitDensityChart(container, fit, { width = 360, height = 220, extent = densityExtent(fit) } = {}) {
  const f = frame(container, { width, height, margin: { left: 52, bottom: 42 } });
  const { xmax, ymax } = extent;
  const x = d3.scaleLinear([0, xmax], [0, f.w]);
  const y = d3.scaleLinear([0, ymax * 1.08], [f.h, 0]).nice();
  const unit = fit.unit === 's' ? 's' : fit.phase === 'clipsPerVideo' ? 'clips' : 'frames';
  xAxis(f, d3.axisBottom(x).ticks(5));
  yAxis(f, d3.axisLeft(y).ticks(4));
  axisTitles(f, fit.unit === 's' ? 'duration (s)' : `count (${unit})`, `density (1/${unit})`);
  const bars = f.g.selectAll('rect.bin').data(fit.bins).join('rect').attr('class', 'bin')
    .attr('x', (d) => x(d.x0) + 0.5).attr('width', (d) => Math.max(0, x(d.x1) - x(d.x0) - 1))
    .attr('y', (d) => y(d.density)).attr('height', (d) => f.h - y(d.density));
  attachTip(bars, (d) => `${num(d.x0, 3)}–${num(d.x1, 3)} ${unit}: ${d.count} of ${fit.n} samples`);
  f.g.append('path').datum(fit.curve).attr('class', 'density')
    .attr('d', d3.line().x((d) => x(d.x)).y((d) => y(d.density)));
  f.g.append('line').attr('class', 'mean').attr('x1', x(fit.mean)).attr('x2', x(fit.mean)).attr('y1', 0).attr('y2', f.h)
    .append('title').text(`fitted mean ${num(fit.mean, 3)} ${unit}`);
}
