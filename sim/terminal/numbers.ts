// Numbers in FAVE's tables. A mean over replications comes with its 95% confidence
// interval: "78.95 [76.44, 81.45]" with --wide, "78.9 ±2.5" by default (the interval is
// symmetric, mean ± t·s/√n: sim/run/stats.ts), the digits cut to what a glance needs.
import type { Estimate } from '../run/stats.ts';

export function num(x: number, digits = 2): string {
  if (!Number.isFinite(x)) return '–';
  if (Math.abs(x) >= 1000) return x.toFixed(0);
  return x.toFixed(digits);
}

/** Fewer decimals past 10: 7.41, 78.9, 512.3 (num drops them past 1000). */
function digitsFor(x: number, digits: number): number {
  const a = Math.abs(x);
  return a >= 10 ? Math.min(digits, 1) : digits;
}

/** A mean and its 95% CI: "78.95 [76.44, 81.45]" (wide) or "78.9 ±2.5"; the mean alone with one replication. */
export function est(e: Estimate, digits = 2, wide = true): string {
  if (e.n <= 1 || e.lo === e.hi) return wide ? num(e.mean, digits) : num(e.mean, digitsFor(e.mean, digits));
  if (wide) return `${num(e.mean, digits)} [${num(e.lo, digits)}, ${num(e.hi, digits)}]`;
  const d = digitsFor(e.mean, digits);
  return `${num(e.mean, d)} ±${num((e.hi - e.lo) / 2, d)}`;
}

/** A share estimate (0..1) as a percentage estimate. */
export function percent(e: Estimate): Estimate {
  return { ...e, mean: e.mean * 100, lo: e.lo * 100, hi: e.hi * 100 };
}
