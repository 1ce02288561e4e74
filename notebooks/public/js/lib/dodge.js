// Marks that would land on the same spot (a swept setting that changed nothing gives equal
// points) are spread on a small ring around it, so 16 points are 16 visible marks; each
// keeps a thin leader to its true position.

/** pts: [{px, py}] in pixels; sets dx, dy on each so no two centres are closer than 2r + 2. */
export function dodge(pts, r) {
  const groups = new Map();
  for (const p of pts) {
    // Same spot = within one radius: grid cells of r px, so near-equal points are spread too.
    const key = `${Math.round(p.px / r)},${Math.round(p.py / r)}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(p);
  }
  for (const g of groups.values()) {
    const n = g.length;
    const ring = n === 1 ? 0 : (r + 1) / Math.sin(Math.PI / n);
    g.forEach((p, i) => {
      const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
      p.dx = n === 1 ? 0 : ring * Math.cos(a);
      p.dy = n === 1 ? 0 : ring * Math.sin(a);
      p.shared = n;
    });
  }
  return pts;
}
