// One time window shared by the charts of a view: wheel or drag on any of them zooms and
// pans all (d3-zoom), a brush on an overview strip sets it (d3-brush), a button resets it.
// The charts only hear "draw this domain"; each redraws its own marks, so a chart can change
// what it draws with the window (a long run's summary becomes requests when zoomed in).
// The current window is written on every chart's <svg data-domain="t0,t1"> for the tests
// and for anyone reading the DOM.
/* global d3 */
import { innerWidth } from './frame.js';

/** full: [t0, t1]. minSpan: the narrowest window zooming may reach (s). */
export function xWindow(full, { minSpan } = {}) {
  // A run of one instant (one sample, one span) still needs a range to draw on.
  if (!(full[1] > full[0])) full = [full[0], full[0] + 1];
  const span = full[1] - full[0];
  const narrowest = minSpan ?? span / 1000;
  const listeners = [];
  let domain = [...full];
  const w = {
    full,
    maxK: Math.max(1, span / narrowest),
    get domain() {
      return domain;
    },
    on(fn) {
      listeners.push(fn);
    },
    /** Sets the window (clamped to the full range); `source` is the listener that asked, told too. */
    set(d, source) {
      let [a, b] = d[0] <= d[1] ? d : [d[1], d[0]];
      if (b - a < narrowest) [a, b] = [(a + b) / 2 - narrowest / 2, (a + b) / 2 + narrowest / 2];
      if (a < full[0]) [a, b] = [full[0], full[0] + (b - a)];
      if (b > full[1]) [a, b] = [Math.max(full[0], full[1] - (b - a)), full[1]];
      domain = [a, b];
      for (const fn of listeners) fn(domain, source);
    },
    reset() {
      w.set(full);
    },
    zoomed: () => domain[0] > full[0] || domain[1] < full[1],
  };
  return w;
}

/**
 * Makes the plot area of frame `f` (lib/frame.js) zoom the window along x. `x`: the chart's
 * scale over the full range; `draw(xz)` redraws with a scale over the current window. Marks
 * go in the returned `plot` group, clipped to the plot area.
 */
export function zoomable(win, f, x, draw) {
  const id = `clip-${Math.random().toString(36).slice(2)}`;
  f.svg.append('defs').append('clipPath').attr('id', id).append('rect').attr('width', f.w).attr('height', f.h);
  // The background catches wheel and drag where there is no mark; marks bubble up to f.g.
  f.g.insert('rect', ':first-child').attr('class', 'zoom-bg').attr('width', f.w).attr('height', f.h).attr('fill', 'transparent');
  const plot = f.g.append('g').attr('class', 'plot').attr('clip-path', `url(#${id})`);
  const zoom = d3.zoom().scaleExtent([1, win.maxK]).extent([[0, 0], [f.w, f.h]]).translateExtent([[0, 0], [f.w, f.h]])
    .on('zoom', (event) => {
      if (!event.sourceEvent) return; // moved to follow the window (below), not by the user
      win.set(event.transform.rescaleX(x).domain(), self);
    });
  f.g.call(zoom).on('dblclick.zoom', null);
  const self = (d) => {
    // Keep this chart's zoom state on the window, so its next wheel starts from there.
    const k = (win.full[1] - win.full[0]) / (d[1] - d[0]);
    f.g.property('__zoom', d3.zoomIdentity.scale(k).translate(-x(d[0]), 0));
    f.svg.attr('data-domain', `${d[0]},${d[1]}`);
    draw(x.copy().domain(d));
  };
  win.on(self);
  self(win.domain);
  return plot;
}

/**
 * The overview strip: `drawOverview(f, x)` draws the whole run small; a brush on it sets the
 * window, and follows it when the window moves by zoom. A reset button beside it.
 */
export function overview(container, win, drawOverview, { height = 64, margin = {} } = {}) {
  const root = d3.select(container).append('div').attr('class', 'overview');
  const bar = root.append('div').attr('class', 'controls');
  bar.append('button').attr('class', 'zoom-reset').text('reset zoom').on('click', () => win.reset());
  bar.append('span').attr('class', 'note').text('Drag across the strip to pick a time window; wheel or drag on a chart zooms and pans.');
  const W = Math.max(320, Math.min(1100, innerWidth(container) || 900));
  const m = { top: 4, right: 20, bottom: 20, left: 64, ...margin };
  const svg = root.append('svg').attr('class', 'overview-strip').attr('width', W).attr('height', height);
  const g = svg.append('g').attr('transform', `translate(${m.left},${m.top})`);
  const f = { svg, g, w: W - m.left - m.right, h: height - m.top - m.bottom, m };
  const x = d3.scaleLinear(win.full, [0, f.w]);
  drawOverview(f, x);
  g.append('g').attr('class', 'axis x').attr('transform', `translate(0,${f.h})`).call(d3.axisBottom(x).ticks(Math.round(f.w / 90)));
  const brush = d3.brushX().extent([[0, 0], [f.w, f.h]]).on('end', (event) => {
    if (!event.sourceEvent) return;
    if (!event.selection) return win.reset();
    win.set(event.selection.map(x.invert), follow);
  });
  const gb = g.append('g').attr('class', 'brush').call(brush);
  const follow = (d, source) => {
    svg.attr('data-domain', `${d[0]},${d[1]}`);
    bar.select('.zoom-reset').property('disabled', !win.zoomed());
    if (source !== follow) gb.call(brush.move, win.zoomed() ? d.map(x) : null);
  };
  win.on(follow);
  follow(win.domain, null);
  return f;
}
