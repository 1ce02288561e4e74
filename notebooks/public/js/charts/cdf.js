// Latency CDFs from the merged log histograms, one line per series, on a log time axis:
// the whole distribution, where percentiles show only a few points of it.
/* global d3 */
import { axisTitles, frame, xAxis, yAxis } from '../lib/frame.js';
import { seriesColors } from '../lib/colors.js';
import { legend } from '../lib/legend.js';
import { hideTip, showTip } from '../lib/tooltip.js';
import { escapeHtml, num, seconds } from '../lib/format.js';
import { cdfAt, cdfPoints } from '../lib/histogram.js';
import { markIdentical } from '../lib/overlap.js';

/**
 * histogram(s): the histogram of a series to draw (e2e or one stage's).
 * Series with an empty histogram are listed in the legend as "no successful calls".
 */
export default function cdfChart(container, series, { histogram, title, height = 300, showLegend = true } = {}) {
  const color = seriesColors(series);
  const lines = markIdentical(series.map((s) => ({ s, pts: cdfPoints(histogram(s)), h: histogram(s) })).filter((l) => l.pts.length));
  const f = frame(container, { height, title });
  const lo = d3.min(lines, (l) => l.pts[0].x) ?? 0.01;
  const hi = d3.max(lines, (l) => l.pts.at(-1).x) ?? 1;
  const x = d3.scaleLog([Math.max(1e-4, lo * 0.9), Math.max(hi * 1.1, lo * 2)], [0, f.w]);
  const y = d3.scaleLinear([0, 1], [f.h, 0]);
  xAxis(f, d3.axisBottom(x).ticks(Math.max(2, Math.round(f.w / 80)), '~g'));
  yAxis(f, d3.axisLeft(y).ticks(5, '.0%'));
  axisTitles(f, 'latency (s, log scale)', 'share of calls ≤ latency');
  f.g.append('g').attr('class', 'grid').selectAll('line').data([0.5, 0.95]).join('line')
    .attr('x1', 0).attr('x2', f.w).attr('y1', y).attr('y2', y);
  const line = d3.line().x((d) => x(Math.max(d.x, x.domain()[0]))).y((d) => y(d.p)).curve(d3.curveStepAfter);
  f.g.selectAll('path.cdf').data(lines).join('path').attr('class', 'cdf')
    .attr('d', (d) => line(d.pts)).attr('stroke', (d) => color(d.s.key)).attr('fill', 'none')
    .attr('stroke-dasharray', (d) => d.dash).attr('stroke-dashoffset', (d) => d.dashOffset).classed('shared', (d) => d.dash !== null);
  const rule = f.g.append('line').attr('class', 'rule').attr('y1', 0).attr('y2', f.h).style('opacity', 0);
  f.g.append('rect').attr('class', 'overlay').attr('width', f.w).attr('height', f.h).attr('fill', 'transparent')
    .on('mousemove', (event) => {
      const [mx] = d3.pointer(event);
      const t = x.invert(mx);
      rule.attr('x1', mx).attr('x2', mx).style('opacity', 1);
      const rows = lines.map((l) => `<span style="color:${color(l.s.key)}">■</span> ${escapeHtml(l.s.label)}: ${num(cdfAt(l.pts, t) * 100, 1)}% of ${num(l.h.total, 0)}`);
      showTip(event, `≤ ${seconds(t)}<br>${rows.join('<br>')}`);
    })
    .on('mouseleave', () => {
      rule.style('opacity', 0);
      hideTip();
    });
  if (showLegend) {
    legend(container, series.map((s) => {
      const n = histogram(s)?.total ?? 0;
      const l = lines.find((x) => x.s === s);
      const same = l && l.sameAs.length ? ` (= ${l.sameAs.map((j) => lines[j].s.label).join(', ')}: dashes alternate)` : '';
      return { label: n ? `${s.label} (${num(n, 0)} calls)${same}` : `${s.label}: no successful calls`, color: color(s.key), shape: 'line' };
    }));
  }
}
