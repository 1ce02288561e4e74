// Reading the simulator's log-bucketed histograms (sim/metrics/log-histogram.ts): bucket 0
// holds values ≤ min, bucket i > 0 covers [min·growth^(i−1), min·growth^i).

/** Upper edge of bucket i, clamped to the largest value seen. */
function upper(h, i) {
  const edge = i === 0 ? h.min : h.min * Math.pow(h.growth, i);
  return Math.min(edge, h.maxSeen);
}

/**
 * The empirical CDF as points {x, p}: one point per non-empty bucket at its upper edge,
 * starting at the smallest value seen with p = 0. Empty for an empty histogram.
 */
export function cdfPoints(h) {
  if (!h || !h.total) return [];
  const pts = [{ x: h.minSeen, p: 0 }];
  let seen = 0;
  for (let i = 0; i < h.counts.length; i++) {
    if (!h.counts[i]) continue;
    seen += h.counts[i];
    pts.push({ x: Math.max(upper(h, i), h.minSeen), p: seen / h.total });
  }
  return pts;
}

/** F(x) from cdf points (step function). */
export function cdfAt(points, x) {
  let p = 0;
  for (const pt of points) {
    if (pt.x <= x) p = pt.p;
    else break;
  }
  return p;
}
