// Sufficient statistics shared by the maximum-likelihood fits.

export interface Summary {
  readonly n: number;
  readonly mean: number;
  readonly meanLog: number; // mean of ln x
  readonly sdLog: number; // population sd of ln x (the lognormal MLE)
  readonly sumLog: number;
  readonly logs: Float64Array;
  readonly xs: readonly number[];
}

/** Summarizes positive, finite samples (checked by the caller). */
export function summarize(xs: readonly number[]): Summary {
  const n = xs.length;
  const logs = new Float64Array(n);
  let sum = 0;
  let sumLog = 0;
  for (let i = 0; i < n; i++) {
    const x = xs[i]!;
    sum += x;
    logs[i] = Math.log(x);
    sumLog += logs[i]!;
  }
  const meanLog = sumLog / n;
  let ss = 0;
  for (const l of logs) ss += (l - meanLog) ** 2;
  return { n, mean: sum / n, meanLog, sdLog: Math.sqrt(ss / n), sumLog, logs, xs };
}
