// Live against simulated, side by side per category (a percentile, a stage, a cause): the
// validation page's bar chart. Categories run down the side so long names (stages, causes)
// never overlap however many there are; `log` puts the values on a log scale, so a fast
// stage's bars are as readable as a slow one's on the same chart. A value the scorecard
// lacks (null: NaN or ∞ written as JSON) gets no bar and reads "–" in the tooltip.
/* global d3 */
import { axisTitles, frame, note, xAxis, yAxis } from '../lib/frame.js';
import { legend } from '../lib/legend.js';
import { attachTip } from '../lib/tooltip.js';
import { escapeHtml, num } from '../lib/format.js';

export const SIDES = [
  { key: 'live', label: 'live run', color: '#4e79a7' },
  { key: 'sim', label: 'simulated replay', color: '#f28e2b' },
];

const ROW = 30; // px per category: two bars and a gap

/** rows: [{category, live, sim}]; yTitle names the values (and their unit); fmt(v) formats a value with its unit;
 * liveLabel and simLabel name the sides in the legend. The categories label themselves down the side. */
export default function pairedBars(container, rows, { title, yTitle, fmt = (v) => num(v, 3), liveLabel = 'live run', simLabel = 'simulated replay', log = false } = {}) {
  const bars = rows.flatMap((r) => SIDES.map((s) => ({ r, side: s, v: r[s.key] }))).filter((b) => Number.isFinite(b.v) && (!log || b.v > 0));
  const labelW = Math.min(260, 12 + 6.5 * d3.max(rows, (r) => String(r.category).length));
  const f = frame(container, { height: rows.length * ROW + 56, title, margin: { left: labelW + 24, right: 30 } });
  if (!bars.length) return note(container, 'Nothing to compare: the scorecard has no values here.');
  const y = d3.scaleBand(rows.map((r) => r.category), [0, f.h]).padding(0.2);
  const inner = d3.scaleBand(SIDES.map((s) => s.key), [0, y.bandwidth()]).padding(0.08);
  const hi = d3.max(bars, (b) => b.v);
  const x = log
    ? d3.scaleLog([d3.min(bars, (b) => b.v) / 2, hi * 1.5], [0, f.w]).nice()
    : d3.scaleLinear([0, hi * 1.05 || 1], [0, f.w]).nice();
  const x0 = x.domain()[0];
  xAxis(f, log ? d3.axisBottom(x).ticks(Math.round(f.w / 90), '~g') : d3.axisBottom(x).ticks(6));
  yAxis(f, d3.axisLeft(y));
  axisTitles(f, `${yTitle}${log ? ', log scale' : ''}`, null);
  const rect = f.g.selectAll('rect.bar').data(bars).join('rect').attr('class', (d) => `bar ${d.side.key}`)
    .attr('y', (d) => y(d.r.category) + inner(d.side.key)).attr('height', inner.bandwidth())
    .attr('x', 0).attr('width', (d) => Math.max(0, x(Math.max(x0, d.v)))).attr('fill', (d) => d.side.color);
  const rel = (r) => (Number.isFinite(r.live) && Number.isFinite(r.sim) && r.live !== 0 ? `<br>sim − live: ${num(((r.sim - r.live) / r.live) * 100, 1)} % of live` : '');
  attachTip(rect, (d) => `<b>${escapeHtml(d.r.category)}</b><br>live: ${Number.isFinite(d.r.live) ? fmt(d.r.live) : '–'}<br>sim: ${Number.isFinite(d.r.sim) ? fmt(d.r.sim) : '–'}${rel(d.r)}`);
  legend(container, SIDES.map((s) => ({ label: s.key === 'sim' ? simLabel : liveLabel, color: s.color })));
}
