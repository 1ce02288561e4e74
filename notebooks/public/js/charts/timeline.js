// The sampled requests of one series over time, zoomable (lib/x-zoom.js). A run whose
// requests fit one row each is drawn request by request (timeline-detail.js); a long run is
// drawn in time buckets (timeline-summary.js) until the window holds few enough requests to
// draw each, so thousands of requests never become thousands of slivers.
/* global d3 */
import { axisTitles, frame, note } from '../lib/frame.js';
import { OUTCOME_LABELS, outcomeColor, stageColors } from '../lib/colors.js';
import { legend } from '../lib/legend.js';
import { pack, requestsOf } from '../lib/requests.js';
import { overview, xWindow, zoomable } from '../lib/x-zoom.js';
import { seconds } from '../lib/format.js';
import { drawDetail } from './timeline-detail.js';
import { drawSummary } from './timeline-summary.js';

// Beyond these a row per request is under ~3 px: the window is summarised instead.
const MAX_REQUESTS = 60;
const MAX_LANES = 160;
const fits = (reqs) => reqs.length <= MAX_REQUESTS && d3.sum(reqs, (r) => r.lanes) <= MAX_LANES;

export default function timelineChart(container, s, { stages } = {}) {
  const spans = s.variant.spans.map((d) => ({ ...d }));
  if (!spans.length) return note(container, `${s.label}: no spans recorded.`);
  const requests = requestsOf(spans);
  for (const r of requests) r.lanes = pack(r.spans);
  const whole = fits(requests);
  const lanes = d3.sum(requests, (r) => r.lanes);
  // A run that fits keeps its natural height (up to 14 px a lane); a long one a fixed 420.
  const height = whole ? lanes * Math.max(3, Math.min(14, Math.floor(640 / lanes))) + 6 * requests.length : 420;
  const color = stageColors(stages ?? [...new Set(spans.map((d) => d.fn))]);
  const win = xWindow([d3.min(requests, (r) => r.start), d3.max(requests, (r) => r.end)], { minSpan: 0.5 });
  const status = d3.select(container).append('p').attr('class', 'note timeline-status');
  const f = frame(container, { height: height + 56, margin: { left: 70 } });
  f.svg.classed('timeline', true);
  axisTitles(f, 'simulated time (s)', null);
  const xg = f.g.append('g').attr('class', 'axis x').attr('transform', `translate(0,${f.h})`);
  const axes = f.g.append('g').attr('class', 'y-axes');
  const x = d3.scaleLinear(win.full, [0, f.w]);
  zoomable(win, f, x, (xz) => {
    const [a, b] = xz.domain();
    const shown = requests.filter((r) => r.end >= a && r.start <= b);
    xg.call(d3.axisBottom(xz).ticks(Math.round(f.w / 80)));
    if (fits(shown)) {
      drawDetail(plot(), axes, shown, xz, { height, color });
      f.svg.attr('data-mode', 'requests');
      status.text(`${shown.length} of ${requests.length} sampled requests in this window, one row each.`);
    } else {
      const buckets = drawSummary(plot(), axes, requests, xz, { height, width: f.w });
      f.svg.attr('data-mode', 'summary');
      status.text(`${shown.length} of ${requests.length} sampled requests in this window: too many for a row each, so counted in ` +
        `${buckets.length} buckets of ${seconds(buckets[0].x1 - buckets[0].x0)}. Zoom in to under ${MAX_REQUESTS} requests to see each one.`);
    }
  });
  function plot() {
    return f.g.select('g.plot');
  }
  overview(container, win, (o, ox) => {
    const bins = d3.bin().value((r) => r.start).domain(win.full).thresholds(Math.floor(o.w / 4))(requests);
    const y = d3.scaleLinear([0, d3.max(bins, (b) => b.length) || 1], [o.h, 0]);
    o.g.selectAll('rect.ov-bin').data(bins).join('rect').attr('class', 'ov-bin')
      .attr('x', (b) => ox(b.x0)).attr('width', (b) => Math.max(0.5, ox(b.x1) - ox(b.x0) - 0.5))
      .attr('y', (b) => y(b.length)).attr('height', (b) => o.h - y(b.length));
  }, { margin: { left: 70 } });
  const failed = [...new Set(spans.filter((d) => d.outcome !== 'ok').map((d) => d.outcome))];
  legend(container, [
    ...color.domain().filter((st) => spans.some((d) => d.fn === st)).map((st) => ({ label: st, color: color(st) })),
    ...failed.map((o) => ({ label: `failed: ${OUTCOME_LABELS[o] ?? o}`, color: outcomeColor(o) })),
    { label: 'pale: waiting for a replica', color: '#bbb', shape: 'box pale' },
    { label: 'cold start', color: '#1f4e99', shape: 'marker', symbol: '▲' },
    { label: 'first call', color: '#d4a000', shape: 'marker', symbol: '◆' },
    ...(whole ? [] : [
      { label: 'buckets: requests started, by outcome (ok green)', color: outcomeColor('ok') },
      { label: 'buckets: median end to end, shaded to p95; dots: slowest', color: '#555', shape: 'line' },
    ]),
  ]);
}
