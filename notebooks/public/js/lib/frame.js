// An SVG with margins, and axis titles that carry the unit; every chart starts here.
/* global d3 */

/** The width a chart may take in `el`: its content box (clientWidth counts the padding too). */
export function innerWidth(el) {
  const cs = getComputedStyle(el);
  return el.clientWidth - (parseFloat(cs.paddingLeft) || 0) - (parseFloat(cs.paddingRight) || 0);
}

export function frame(container, { width, height, margin = {}, title } = {}) {
  const root = d3.select(container);
  if (title) root.append('h4').attr('class', 'chart-title').text(title);
  const W = width ?? Math.max(320, Math.min(1100, innerWidth(container) || 900));
  const m = { top: 12, right: 20, bottom: 44, left: 64, ...margin };
  const svg = root.append('svg').attr('width', W).attr('height', height).attr('viewBox', `0 0 ${W} ${height}`);
  const g = svg.append('g').attr('transform', `translate(${m.left},${m.top})`);
  return { svg, g, w: W - m.left - m.right, h: height - m.top - m.bottom, m };
}

export function axisTitles(f, xTitle, yTitle) {
  if (xTitle) f.g.append('text').attr('class', 'axis-title').attr('x', f.w / 2).attr('y', f.h + 36).attr('text-anchor', 'middle').text(xTitle);
  if (yTitle) {
    f.g.append('text').attr('class', 'axis-title').attr('transform', 'rotate(-90)')
      .attr('x', -f.h / 2).attr('y', -f.m.left + 14).attr('text-anchor', 'middle').text(yTitle);
  }
}

/** Draws a d3 axis (d3.axisBottom(x)…) along the bottom of the plot area. */
export function xAxis(f, axis) {
  return f.g.append('g').attr('class', 'axis x').attr('transform', `translate(0,${f.h})`).call(axis);
}

export function yAxis(f, axis) {
  return f.g.append('g').attr('class', 'axis y').call(axis);
}

/** Writes a line of text where a chart would be, for "no data" cases the reader must see. */
export function note(container, text) {
  d3.select(container).append('p').attr('class', 'note').text(text);
}
