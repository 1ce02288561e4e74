// A sweep's points: cost against the service objective (a latency percentile, or the SLO
// violation rate), one circle per configuration. The Pareto front the sweep computed (no
// other point both cheaper and better served) is ringed and joined, cheapest first.
/* global d3 */
import { axisTitles, frame, note, xAxis, yAxis } from '../lib/frame.js';
import { legend } from '../lib/legend.js';
import { attachTip } from '../lib/tooltip.js';
import { escapeHtml, est, num } from '../lib/format.js';
import { dodge, drawLeaders } from '../lib/dodge.js';

const COST_LABELS = { replicaGBs: 'replica GB·s', busyGBs: 'busy replica GB·s', invocationGBs: 'invocation GB·s' };
const POINT = '#4e79a7';
const FRONT = '#e15759';

/** How the sweep's objectives read: axis titles and a formatter for the service value. */
export function objectiveText(objective) {
  const cost = `${COST_LABELS[objective.cost] ?? objective.cost} per run`;
  if (objective.slo !== null) {
    return { cost, service: `SLO violation rate (%: failed or slower than ${num(objective.slo)} s)`, scale: 100, fmt: (v) => `${num(v * 100, 2)} %` };
  }
  return { cost, service: `${objective.latency} end-to-end latency (s)`, scale: 1, fmt: (v) => `${num(v, 3)} s` };
}

export function overridesHtml(overrides) {
  return Object.entries(overrides).map(([k, v]) => `${escapeHtml(k)} = <b>${escapeHtml(JSON.stringify(v))}</b>`).join('<br>');
}

/** The largest cost and service value (service in the axis's unit) of a sweep: what
 * side-by-side charts share as their axes' extent. */
export function extentOf(result) {
  const text = objectiveText(result.objective);
  const ok = result.points.filter((p) => Number.isFinite(p.objectives.cost) && Number.isFinite(p.objectives.service));
  return { cost: d3.max(ok, (p) => p.objectives.cost) ?? 0, service: d3.max(ok, (p) => p.objectives.service * text.scale) ?? 0 };
}

/** `max`: {cost, service} to share axes with other sweeps' charts (extentOf). */
export default function sweepScatter(container, result, { max } = {}) {
  const text = objectiveText(result.objective);
  const all = result.points.map((p) => ({ p, cost: p.objectives.cost, service: p.objectives.service }));
  const pts = all.filter((d) => Number.isFinite(d.cost) && Number.isFinite(d.service));
  const f = frame(container, { height: 380, margin: { top: 20, right: 30 }, title: `Cost vs ${result.objective.slo !== null ? 'SLO violations' : `${result.objective.latency} latency`}, every point` });
  if (!pts.length) return note(container, 'No point has both objectives (no successful requests anywhere): nothing to plot.');
  const front = pts.filter((d) => d.p.pareto).sort((a, b) => a.cost - b.cost);
  const top = max ?? extentOf(result);
  const x = d3.scaleLinear([0, top.cost * 1.08 || 1], [0, f.w]).nice();
  const y = d3.scaleLinear([0, top.service * 1.08 || 1], [f.h, 0]).nice();
  xAxis(f, d3.axisBottom(x).ticks(6));
  yAxis(f, d3.axisLeft(y).ticks(6));
  axisTitles(f, text.cost, text.service);
  f.g.append('path').datum(front).attr('class', 'front-line')
    .attr('d', d3.line().x((d) => x(d.cost)).y((d) => y(d.service * text.scale)).curve(d3.curveStepAfter));
  // Front points drawn last so a dominated point at the same spot does not hide them.
  const ordered = [...pts.filter((d) => !d.p.pareto), ...front];
  for (const d of ordered) [d.px, d.py] = [x(d.cost), y(d.service * text.scale)];
  dodge(ordered, 7);
  const spread = drawLeaders(f.g, ordered);
  const dots = f.g.selectAll('circle.point').data(ordered).join('circle')
    .attr('class', (d) => `point${d.p.pareto ? ' front' : ''}`).attr('data-index', (d) => d.p.index)
    .attr('cx', (d) => d.px + d.dx).attr('cy', (d) => d.py + d.dy).attr('r', (d) => (d.p.pareto ? 6 : 5))
    .attr('fill', (d) => (d.p.pareto ? FRONT : POINT));
  const m = (d) => d.p.metrics;
  attachTip(dots, (d) => `<b>point ${d.p.index}</b>${d.p.pareto ? ' (Pareto front)' : ''}${d.shared > 1 ? ` (one of ${d.shared} at this spot)` : ''}<br>${overridesHtml(d.p.overrides)}` +
    `<br>cost: ${num(d.cost, 3)} ${escapeHtml(text.cost)}<br>service: ${text.fmt(d.service)}` +
    `<br>p50 / p95 / p99: ${est(m(d).latency.p50, 2)} / ${est(m(d).latency.p95, 2)} / ${est(m(d).latency.p99, 2)} s` +
    `<br>success: ${num(m(d).successRate.mean * 100, 1)} %<br>cold starts: ${est(m(d).coldStarts, 1)}`);
  legend(container, [
    { label: `configuration (${pts.length - front.length} dominated)`, color: POINT, shape: 'box' },
    { label: `on the Pareto front (${front.length})`, color: FRONT, shape: 'box' },
    { label: 'front, cheapest first (nothing else is both cheaper and better served)', color: '#222', shape: 'line' },
    ...(spread.length ? [{ label: `equal points (${spread.length}) spread around their spot, a thin line to it`, color: '#888', shape: 'line' }] : []),
  ]);
  const missing = all.filter((d) => !pts.includes(d));
  if (missing.length) note(container, `Not plotted (an objective is undefined, e.g. no successful request): point ${missing.map((d) => d.p.index).join(', ')}.`);
}
