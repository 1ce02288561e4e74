// Every judged error of a scorecard on one axis: simulated against live as a ratio on a log
// scale (ticks read as %), so −53 % sits as far from zero as +113 %, and a fast stage's miss
// shows however slow the other stages are. Each row's noise floor is shaded; a bar past it
// is a distinguishable difference and is drawn red.
/* global d3 */
import { frame, note, xAxis, yAxis } from '../lib/frame.js';
import { legend } from '../lib/legend.js';
import { attachTip } from '../lib/tooltip.js';
import { escapeHtml, num } from '../lib/format.js';

const ROW = 24;
const lr = (e) => Math.log2(1 + e); // a relative error as a log ratio
const pct = (e) => `${e > 0 ? '+' : ''}${num(e * 100, 1)} %`;

const usable = (rows) => rows.filter((r) => Number.isFinite(r.error) && r.error > -1);

/** How far from 0 (in log ratio) the axis must reach to show every error and floor of `rows`. */
export function errorReach(rows) {
  const ok = usable(rows);
  return Math.max(1, d3.max(ok, (r) => Math.abs(lr(r.error))) ?? 0, d3.max(ok, (r) => (r.floor ? lr(r.floor) : 0)) ?? 0) * 1.1;
}

/** rows: [{label, error (sim/live − 1), floor (|error| within it is noise; null unknown), judged}];
 * `reach`: the axis's half-width in log ratio, to share one axis between charts (errorReach). */
export default function errorChart(container, rows, { title, reach = errorReach(rows) } = {}) {
  const ok = usable(rows);
  if (!ok.length) return note(container, 'No relative errors to show.');
  const labelW = Math.min(240, 12 + 6.5 * d3.max(ok, (r) => r.label.length));
  const f = frame(container, { height: ok.length * ROW + 60, title, margin: { left: labelW + 24, right: 30 } });
  const x = d3.scaleLinear([-reach, reach], [0, f.w]);
  const y = d3.scaleBand(ok.map((r) => r.label), [0, f.h]).padding(0.25);
  const ticks = [-0.9, -0.75, -0.5, -0.25, 0, 0.5, 1, 2, 4, 9].filter((e) => Math.abs(lr(e)) <= reach);
  xAxis(f, d3.axisBottom(x).tickValues(ticks.map(lr)).tickFormat((v) => pct(2 ** v - 1)));
  yAxis(f, d3.axisLeft(y));
  f.g.append('text').attr('class', 'axis-title').attr('x', f.w / 2).attr('y', f.h + 36).attr('text-anchor', 'middle')
    .text('simulated vs live (log-ratio scale: −50 % and +100 % are equally far from 0)');
  const floors = ok.filter((r) => r.floor !== null && r.floor > 0);
  f.g.selectAll('rect.floor').data(floors).join('rect').attr('class', 'floor')
    .attr('x', (r) => x(Math.max(-reach, lr(-Math.min(r.floor, 0.999))))).attr('width', (r) => x(lr(r.floor)) - x(Math.max(-reach, lr(-Math.min(r.floor, 0.999)))))
    .attr('y', (r) => y(r.label) - 3).attr('height', y.bandwidth() + 6);
  f.g.append('line').attr('class', 'zero').attr('x1', x(0)).attr('x2', x(0)).attr('y1', 0).attr('y2', f.h);
  const beyond = (r) => r.floor !== null && Math.abs(r.error) > r.floor;
  const bars = f.g.selectAll('rect.error').data(ok).join('rect')
    .attr('class', (r) => `error${beyond(r) ? ' beyond' : ''}${r.judged ? '' : ' unjudged'}`).attr('data-label', (r) => r.label)
    .attr('x', (r) => Math.min(x(0), x(lr(r.error)))).attr('width', (r) => Math.max(1, Math.abs(x(lr(r.error)) - x(0))))
    .attr('y', (r) => y(r.label)).attr('height', y.bandwidth());
  attachTip(bars, (r) => `<b>${escapeHtml(r.label)}</b><br>simulated vs live: ${pct(r.error)}<br>noise floor: ${r.floor === null ? 'unknown' : `±${num(r.floor * 100, 1)} %`}` +
    `${beyond(r) ? '<br><b>beyond the floor</b>' : ''}${r.judged ? '' : '<br>(not judged on this percentile)'}`);
  legend(container, [
    { label: 'within the noise floor', color: '#9d9d9d' },
    { label: 'beyond it', color: '#d0342c' },
    { label: 'noise floor (live runs against each other)', color: '#e8eef7' },
  ]);
}
