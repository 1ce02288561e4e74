// Requests by final outcome, one stacked bar per series: how many succeeded and what the
// others died of (mean over replications; the tooltip gives the 95% CI).
/* global d3 */
import { axisTitles, frame, xAxis, yAxis } from '../lib/frame.js';
import { OUTCOME_LABELS, outcomeColor } from '../lib/colors.js';
import { legend } from '../lib/legend.js';
import { attachTip } from '../lib/tooltip.js';
import { escapeHtml, est } from '../lib/format.js';

export default function outcomesChart(container, series) {
  const causes = [];
  for (const s of series) for (const [k, e] of Object.entries(s.variant.summary.outcomes)) if (e.mean > 0 && !causes.includes(k)) causes.push(k);
  causes.sort((a, b) => (a === 'ok' ? -1 : b === 'ok' ? 1 : a.localeCompare(b)));
  const f = frame(container, { height: 40 + series.length * 34, margin: { left: 190 }, title: 'Requests by outcome' });
  const total = d3.max(series, (s) => d3.sum(causes, (c) => s.variant.summary.outcomes[c]?.mean ?? 0)) || 1;
  const x = d3.scaleLinear([0, total], [0, f.w]).nice();
  const y = d3.scaleBand(series.map((s) => s.key), [0, f.h]).padding(0.25);
  xAxis(f, d3.axisBottom(x).ticks(6));
  yAxis(f, d3.axisLeft(y).tickFormat((k) => series.find((s) => s.key === k).label));
  axisTitles(f, 'requests (mean over replications)', null);
  const segs = [];
  for (const s of series) {
    let x0 = 0;
    for (const c of causes) {
      const e = s.variant.summary.outcomes[c];
      if (!e || e.mean <= 0) continue;
      segs.push({ s, cause: c, e, x0, x1: x0 + e.mean, total: s.variant.summary.requests });
      x0 += e.mean;
    }
  }
  const rect = f.g.selectAll('rect.outcome').data(segs).join('rect').attr('class', 'outcome')
    .attr('x', (d) => x(d.x0)).attr('width', (d) => Math.max(0, x(d.x1) - x(d.x0)))
    .attr('y', (d) => y(d.s.key)).attr('height', y.bandwidth()).attr('fill', (d) => outcomeColor(d.cause));
  attachTip(rect, (d) => `<b>${escapeHtml(d.s.label)}</b><br>${escapeHtml(OUTCOME_LABELS[d.cause] ?? d.cause)}: ${est(d.e, 1)} of ${est(d.total, 1)} requests`);
  legend(container, causes.map((c) => ({ label: OUTCOME_LABELS[c] ?? c, color: outcomeColor(c) })));
}
