// The first Wasserstein (earth mover's) distance between two samples on the line, as SciPy's
// `wasserstein_distance(u, v)` computes it: ∫ |F_u(t) − F_v(t)| dt over the pooled sample,
// the ECDFs being step functions. In seconds, so validate divides it by the live median:
// "the simulated latencies would have to move by this share of a typical request, on
// average, to become the live ones" — comparable across regimes whose medians differ 6×.
// Small enough not to need a package; tested against SciPy's numbers (wasserstein.test.ts).

export function wasserstein1(u: readonly number[], v: readonly number[]): number {
  const a = Float64Array.from(u).sort();
  const b = Float64Array.from(v).sort();
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) throw new RangeError('wasserstein1: both samples need at least one value');
  let i = 0;
  let j = 0;
  let prev = Math.min(a[0]!, b[0]!);
  let area = 0;
  // Walk the pooled values in order; between two consecutive ones both ECDFs are constant.
  while (i < n || j < m) {
    const next = j >= m || (i < n && a[i]! <= b[j]!) ? a[i]! : b[j]!;
    area += Math.abs(i / n - j / m) * (next - prev);
    while (i < n && a[i] === next) i++;
    while (j < m && b[j] === next) j++;
    prev = next;
  }
  return area;
}
