/**
 * One-sample Kolmogorov–Smirnov statistic D = sup |F_n(x) − F(x)| of samples against a
 * continuous cdf F.
 * (With parameters fitted from the same samples, D runs smaller than the classic tables
 * assume; use it to compare fits, not as a p-value.)
 */
export function ksStatistic(samples: readonly number[], cdf: (x: number) => number): number {
  const sorted = Float64Array.from(samples).sort();
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]!);
    d = Math.max(d, f - i / n, (i + 1) / n - f);
  }
  return d;
}
