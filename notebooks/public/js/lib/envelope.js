// A step series seen from far away: when a window holds more samples than pixels, each
// column's min, max and mean instead of every step (which would paint a solid block).

/** Samples t[i0..i1) of `values` in `cols` equal columns of [a, b]: [{t0, t1, min, max, mean}]. */
export function envelope(t, values, i0, i1, a, b, cols) {
  const width = (b - a) / cols;
  const out = [];
  let cur = null;
  for (let i = i0; i < i1; i++) {
    const c = Math.min(cols - 1, Math.max(0, Math.floor((t[i] - a) / width)));
    if (!cur || cur.c !== c) {
      cur = { c, t0: a + c * width, t1: a + (c + 1) * width, min: Infinity, max: -Infinity, sum: 0, n: 0 };
      out.push(cur);
    }
    const v = values[i];
    cur.min = Math.min(cur.min, v);
    cur.max = Math.max(cur.max, v);
    cur.sum += v;
    cur.n++;
  }
  for (const o of out) o.mean = o.sum / o.n;
  return out;
}
