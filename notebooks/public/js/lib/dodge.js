// Marks that would land on the same spot (a swept setting that changed nothing gives equal
// points) are spread on a small ring around it, so 16 points are 16 visible marks; each
// keeps a thin leader to its true position.

/** pts: [{px, py}] in pixels; sets dx, dy on each so no two centres are closer than 2r + 6. */
export function dodge(pts, r) {
  const groups = new Map();
  for (const p of pts) {
    // Same spot = within one radius: grid cells of r px, so near-equal points are spread too.
    const key = `${Math.round(p.px / r)},${Math.round(p.py / r)}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key).push(p);
  }
  for (const [key, g] of groups) {
    const n = g.length;
    // Far enough that neighbours keep 2 px apart and the leader shows beyond the mark.
    const ring = n === 1 ? 0 : (r + 3) / Math.sin(Math.PI / n);
    g.forEach((p, i) => {
      const a = -Math.PI / 2 + (2 * Math.PI * i) / n;
      p.dx = n === 1 ? 0 : ring * Math.cos(a);
      p.dy = n === 1 ? 0 : ring * Math.sin(a);
      p.shared = n;
      p.spot = key;
    });
  }
  return pts;
}

/** Under the marks: a thin leader from each spread mark to its true spot, and the spot as a dot. */
export function drawLeaders(g, pts) {
  const spread = pts.filter((d) => d.shared > 1);
  g.selectAll('line.leader').data(spread).join('line').attr('class', 'leader')
    .attr('x1', (d) => d.px).attr('y1', (d) => d.py).attr('x2', (d) => d.px + d.dx).attr('y2', (d) => d.py + d.dy);
  const spots = [...new Map(spread.map((d) => [d.spot, d])).values()];
  g.selectAll('circle.spot').data(spots).join('circle').attr('class', 'spot').attr('cx', (d) => d.px).attr('cy', (d) => d.py).attr('r', 2);
  return spread;
}
