// Confidence intervals over replications: mean ± t(0.975, n-1) · s / √n. Pure functions,
// outside the engine.

export interface Estimate {
  mean: number;
  lo: number; // 95% confidence interval (equal to mean with one replication)
  hi: number;
  n: number;
}

// Two-sided 95% Student t quantiles for 1..30 degrees of freedom; 1.96 beyond.
const T95 = [NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

export function estimate(values: number[]): Estimate {
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  if (n === 0) return { mean: NaN, lo: NaN, hi: NaN, n: 0 };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n === 1) return { mean, lo: mean, hi: mean, n };
  const variance = xs.reduce((a, x) => a + (x - mean) * (x - mean), 0) / (n - 1);
  const half = (T95[n - 1] ?? 1.96) * Math.sqrt(variance / n);
  return { mean, lo: mean - half, hi: mean + half, n };
}
