// The two-sample Kolmogorov–Smirnov test, two-sided, as SciPy's `ks_2samp(x, y,
// method='auto')` computes it (scipy 1.17): no npm package has the two-sample test
// (@stdlib/stats-kstest is one-sample only), so it is written here and tested against
// SciPy's numbers (ks2.test.ts).
//   statistic: D = sup |F_x − F_y| over the pooled sample (ties handled by taking both
//     ECDFs right-continuous at every pooled value);
//   p-value: exact when both samples have at most 10 000 values (SciPy's MAX_AUTO_N), by
//     counting lattice paths (Hodges 1958): for equal sizes the closed alternating sum of
//     binomial ratios, otherwise the "inside" recursion in its 1 − p form (Viehmann 2021,
//     arXiv:2102.08037), which keeps every entry in [0, 1] and so cannot overflow;
//   beyond that, Kolmogorov's limiting distribution at √(n·m/(n+m))·D. SciPy uses the exact
//     one-sample distribution of size round(n·m/(n+m)) there (`kstwo`), which differs from
//     the limit by O(1/√n): the difference is stated in docs/validation.md and pinned in
//     the test. The samples validate compares are far below 10 000 per side.

export const KS_EXACT_MAX_N = 10_000;

export interface Ks2Result {
  n1: number;
  n2: number;
  statistic: number;
  pValue: number;
  /** The smallest D that the test rejects at level `alpha` (the critical value). */
  critical: number;
  alpha: number;
  method: 'exact' | 'asymptotic';
}

const sorted = (xs: readonly number[]) => Float64Array.from(xs).sort();

/** D = sup |F_x − F_y|, both ECDFs evaluated right-continuously at every pooled value. */
export function ks2Statistic(x: readonly number[], y: readonly number[]): number {
  const a = sorted(x);
  const b = sorted(y);
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) throw new RangeError('ks2Statistic: both samples need at least one value');
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < n && j < m) {
    // Step past every copy of the smaller value on both sides at once, so a tie moves both
    // ECDFs before they are compared.
    const v = Math.min(a[i]!, b[j]!);
    while (i < n && a[i] === v) i++;
    while (j < m && b[j] === v) j++;
    d = Math.max(d, Math.abs(i / n - j / m));
  }
  return d;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** P(D_{n,n} ≥ h/n) for two samples of size n: 2·Σ_k (−1)^(k−1) C(2n, n−kh)/C(2n, n), in
 * Horner form so the alternating terms do not cancel. */
function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let ratio = 1;
    for (let j = 0; j < h; j++) ratio = ((n - k * h - j) * ratio) / (n + k * h + j + 1);
    p = ratio * (1 - p);
  }
  return 2 * p;
}

/**
 * P(D ≥ h/lcm(m, n)): the share of the C(m+n, n) lattice paths from (0, 0) to (m, n) that
 * leave the band |x/m − y/n| < h/lcm. The column recursion carries, for each y in the band,
 * the share of paths to (x, y) that have already left it, so the answer is the last entry
 * and nothing is ever divided by a huge binomial.
 */
function probOutsideBand(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const a = new Float64Array(Math.min(2 * maxj + 2, n + 1)).fill(1);
  a.fill(0, minj, maxj); // column x = 0: inside the band up to maxj, none left it yet
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    // Below the band every path has left it (share 1); above it likewise.
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (a[jj + minj - lastminj]! * i + val * j) / (i + j);
      a[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) a.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return a[maxj - minj - 1]!;
}

/** Exact P(D ≥ h/lcm) for sizes n1, n2. */
function exactPValue(n1: number, n2: number, h: number): number {
  if (h === 0) return 1;
  const g = gcd(n1, n2);
  const p = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideBand(n1, n2, g, h);
  return Math.min(1, Math.max(0, p));
}

/** Kolmogorov's limiting survival function P(K > x). Two series, each where it converges in a
 * few terms: for x ≥ 1 the alternating 2 Σ_{k≥1} (−1)^(k−1) e^(−2k²x²); below, one minus
 * the Jacobi-theta form of the cdf, √(2π)/x Σ_{k≥1} e^(−(2k−1)²π²/(8x²)). */
export function kolmogorovSf(x: number): number {
  if (x <= 0) return 1;
  let s = 0;
  if (x < 1) {
    for (let k = 1; k <= 100; k++) {
      const t = Math.exp(-((2 * k - 1) ** 2) * Math.PI * Math.PI / (8 * x * x));
      s += t;
      if (t < 1e-18 * s) break;
    }
    return Math.min(1, Math.max(0, 1 - (Math.sqrt(2 * Math.PI) / x) * s));
  }
  for (let k = 1; k <= 100; k++) {
    const t = Math.exp(-2 * k * k * x * x);
    s += (k % 2 === 1 ? 1 : -1) * t;
    if (t < 1e-18) break;
  }
  return Math.min(1, Math.max(0, 2 * s));
}

/** The x with kolmogorovSf(x) = p (bisection: the sf is monotone). */
function kolmogorovIsf(p: number): number {
  let lo = 0;
  let hi = 10;
  for (let it = 0; it < 200; it++) {
    const mid = (lo + hi) / 2;
    if (kolmogorovSf(mid) > p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The two-sided two-sample KS test of `x` against `y`. `critical` is the smallest attainable
 * D whose p-value is ≤ alpha (exact: the statistic only takes values h/lcm(n1, n2)).
 */
export function ks2Test(x: readonly number[], y: readonly number[], alpha = 0.05): Ks2Result {
  const n1 = x.length;
  const n2 = y.length;
  const d = ks2Statistic(x, y);
  if (Math.max(n1, n2) <= KS_EXACT_MAX_N) {
    const lcm = (n1 / gcd(n1, n2)) * n2;
    // D is a multiple of 1/lcm; rounding removes the floating-point error of i/n − j/m.
    const h = Math.round(d * lcm);
    const key = `${n1},${n2},${alpha}`;
    let crit = criticalCache.get(key);
    if (crit === undefined) {
      crit = exactCritical(n1, n2, lcm, alpha);
      criticalCache.set(key, crit);
    }
    return { n1, n2, statistic: h / lcm, pValue: exactPValue(n1, n2, h), critical: crit, alpha, method: 'exact' };
  }
  const en = (n1 * n2) / (n1 + n2);
  return { n1, n2, statistic: d, pValue: kolmogorovSf(Math.sqrt(en) * d), critical: kolmogorovIsf(alpha) / Math.sqrt(en), alpha, method: 'asymptotic' };
}

// Validate asks for the same sizes over and over (a replay's replications have about the
// live run's n), and a critical value costs ~20 p-value evaluations.
const criticalCache = new Map<string, number>();

/** The smallest attainable D = h/lcm with exact p-value ≤ alpha; Infinity when none is. */
function exactCritical(n1: number, n2: number, lcm: number, alpha: number): number {
  // The p-value falls as h grows: the critical h is found by bisection over 1..lcm.
  let lo = 1;
  let hi = lcm;
  if (exactPValue(n1, n2, hi) > alpha) lo = hi = lcm + 1; // no D can reject (tiny samples)
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (exactPValue(n1, n2, mid) <= alpha) hi = mid;
    else lo = mid + 1;
  }
  return lo > lcm ? Infinity : lo / lcm;
}
