// Live against simulated, side by side per category (a percentile, a stage, a cause): the
// validation page's one bar chart. A value the scorecard lacks (null: NaN or ∞ written as
// JSON) gets no bar and reads "–" in the tooltip.
/* global d3 */
import { axisTitles, frame, note, xAxis, yAxis } from '../lib/frame.js';
import { legend } from '../lib/legend.js';
import { attachTip } from '../lib/tooltip.js';
import { escapeHtml, num } from '../lib/format.js';

export const SIDES = [
  { key: 'live', label: 'live run', color: '#4e79a7' },
  { key: 'sim', label: 'simulated replay', color: '#f28e2b' },
];

/** rows: [{category, live, sim}]; fmt(v) formats a value with its unit; liveLabel and simLabel name the sides in the legend. */
export default function pairedBars(container, rows, { title, xTitle, yTitle, fmt = (v) => num(v, 3), liveLabel = 'live run', simLabel = 'simulated replay', height = 260 } = {}) {
  const f = frame(container, { height, title });
  const bars = rows.flatMap((r) => SIDES.map((s) => ({ r, side: s, v: r[s.key] }))).filter((b) => Number.isFinite(b.v));
  if (!bars.length) return note(container, 'Nothing to compare: the scorecard has no values here.');
  const x = d3.scaleBand(rows.map((r) => r.category), [0, f.w]).padding(0.25);
  const inner = d3.scaleBand(SIDES.map((s) => s.key), [0, x.bandwidth()]).padding(0.08);
  const y = d3.scaleLinear([0, d3.max(bars, (b) => b.v) * 1.05 || 1], [f.h, 0]).nice();
  xAxis(f, d3.axisBottom(x));
  yAxis(f, d3.axisLeft(y).ticks(6));
  axisTitles(f, xTitle, yTitle);
  const rect = f.g.selectAll('rect.bar').data(bars).join('rect').attr('class', (d) => `bar ${d.side.key}`)
    .attr('x', (d) => x(d.r.category) + inner(d.side.key)).attr('width', inner.bandwidth())
    .attr('y', (d) => y(Math.max(0, d.v))).attr('height', (d) => f.h - y(Math.max(0, d.v))).attr('fill', (d) => d.side.color);
  const rel = (r) => (Number.isFinite(r.live) && Number.isFinite(r.sim) && r.live !== 0 ? `<br>sim − live: ${num(((r.sim - r.live) / r.live) * 100, 1)} % of live` : '');
  attachTip(rect, (d) => `<b>${escapeHtml(d.r.category)}</b><br>live: ${Number.isFinite(d.r.live) ? fmt(d.r.live) : '–'}<br>sim: ${Number.isFinite(d.r.sim) ? fmt(d.r.sim) : '–'}${rel(d.r)}`);
  legend(container, SIDES.map((s) => ({ label: s.key === 'sim' ? simLabel : liveLabel, color: s.color })));
}
