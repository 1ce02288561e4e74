// Cold starts (new replicas) per stage and series, with 95% CI error bars: where the
// start-up time goes.
/* global d3 */
import { axisTitles, frame, note, xAxis, yAxis } from '../lib/frame.js';
import { seriesColors } from '../lib/colors.js';
import { legend } from '../lib/legend.js';
import { attachTip } from '../lib/tooltip.js';
import { escapeHtml, est } from '../lib/format.js';
import { stagesOf } from '../lib/series.js';

export default function coldStartsChart(container, series) {
  const stages = stagesOf(series);
  const bars = [];
  for (const s of series) for (const st of stages) {
    const fn = s.variant.summary.functions[st];
    if (fn) bars.push({ s, stage: st, e: fn.coldStarts, first: fn.firstCalls, held: fn.heldCalls });
  }
  const f = frame(container, { height: 300, title: 'Cold starts per stage' });
  if (!bars.some((b) => b.e.mean > 0)) note(container, 'No cold starts in any series.');
  const color = seriesColors(series);
  const x = d3.scaleBand(stages, [0, f.w]).padding(0.2);
  const inner = d3.scaleBand(series.map((s) => s.key), [0, x.bandwidth()]).padding(0.1);
  const y = d3.scaleLinear([0, Math.max(1, d3.max(bars, (b) => Math.max(b.e.hi, b.e.mean)))], [f.h, 0]).nice();
  xAxis(f, d3.axisBottom(x));
  yAxis(f, d3.axisLeft(y).ticks(6));
  axisTitles(f, 'stage', 'cold starts per run (replicas started)');
  const rect = f.g.selectAll('rect.cold').data(bars).join('rect').attr('class', 'cold')
    .attr('x', (d) => x(d.stage) + inner(d.s.key)).attr('width', inner.bandwidth())
    .attr('y', (d) => y(d.e.mean)).attr('height', (d) => f.h - y(d.e.mean)).attr('fill', (d) => color(d.s.key));
  const cx = (d) => x(d.stage) + inner(d.s.key) + inner.bandwidth() / 2;
  f.g.selectAll('line.ci').data(bars.filter((d) => d.e.n > 1 && d.e.hi > d.e.lo)).join('line').attr('class', 'ci')
    .attr('x1', cx).attr('x2', cx).attr('y1', (d) => y(Math.max(0, d.e.lo))).attr('y2', (d) => y(d.e.hi));
  attachTip(rect, (d) => `<b>${escapeHtml(d.s.label)}</b> · ${escapeHtml(d.stage)}<br>cold starts: ${est(d.e, 1)}<br>first calls: ${est(d.first, 1)}<br>calls held for scale from zero: ${est(d.held, 1)}`);
  legend(container, series.map((s) => ({ label: s.label, color: color(s.key) })));
}
