// Number formatting for labels and tooltips.
/* global d3 */

const f3 = d3.format('.3~s');

export function num(x, digits = 2) {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  if (Math.abs(x) >= 1000) return f3(x);
  return d3.format(`.${digits}~f`)(x);
}

export const seconds = (x) => (Number.isFinite(x) ? `${num(x, x < 1 ? 3 : 2)} s` : '–');

/** An Estimate {mean, lo, hi, n}: "mean [lo, hi]" (95% CI over n replications). */
export function est(e, digits = 2, unit = '') {
  if (!e || !Number.isFinite(e.mean)) return '–';
  const u = unit ? ` ${unit}` : '';
  if (e.n <= 1 || e.lo === e.hi) return `${num(e.mean, digits)}${u}`;
  return `${num(e.mean, digits)}${u} [${num(e.lo, digits)}, ${num(e.hi, digits)}]`;
}

export function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}
