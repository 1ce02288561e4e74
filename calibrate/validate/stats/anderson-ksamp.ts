// The k-sample Anderson–Darling test (Scholz & Stephens 1987, JASA 82:918–924) as SciPy's
// `anderson_ksamp(samples, variant='midrank')` computes it (scipy 1.17): the midrank
// statistic A²akN of their equation 7 (ties between and within samples count half below
// and half at a value, so it is right for the millisecond-rounded latencies validate sees),
// standardised by its variance under the null, and SciPy's p-value: a quadratic
// least-squares fit of log(α) on the critical values of the paper's Table 2 interpolated
// for k, capped at 0.25 and floored at 0.001 outside the table. No npm package has this
// test, so it is written here and tested against SciPy's numbers (anderson-ksamp.test.ts).

export interface AndersonKsampResult {
  /** Sample sizes, in the order given. */
  n: number[];
  /** The standardised statistic (A²akN − (k−1)) / σ, SciPy's `statistic`. */
  statistic: number;
  /** Critical values of the standardised statistic at the significance levels below. */
  criticalValues: number[];
  /** The critical value at α = 0.05. */
  critical: number;
  /** In [0.001, 0.25]: beyond the table the p-value is only known to be past its end. */
  pValue: number;
  /** 'capped' (true p > 0.25), 'floored' (true p < 0.001), or 'interpolated'. */
  pValueKind: 'capped' | 'floored' | 'interpolated';
}

export const AD_SIGNIFICANCE = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];
// Scholz & Stephens, Table 2: the critical values at those levels are b0 + b1/√m + b2/m, m = k − 1.
const B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
const B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
const B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];

/** Index of the first value ≥ v (side 'left') or > v (side 'right') in sorted `s`. */
function searchsorted(s: Float64Array, v: number, side: 'left' | 'right'): number {
  let lo = 0;
  let hi = s.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (side === 'left' ? s[mid]! < v : s[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Scholz & Stephens' A²akN (equation 7), the midrank version. */
function midrankStatistic(samples: Float64Array[], z: Float64Array, zstar: Float64Array): number {
  const N = z.length;
  let a2 = 0;
  const l = new Float64Array(zstar.length);
  const b = new Float64Array(zstar.length);
  for (let j = 0; j < zstar.length; j++) {
    const left = searchsorted(z, zstar[j]!, 'left');
    l[j] = searchsorted(z, zstar[j]!, 'right') - left;
    b[j] = left + l[j]! / 2;
  }
  for (const s of samples) {
    const ni = s.length;
    let inner = 0;
    for (let j = 0; j < zstar.length; j++) {
      const right = searchsorted(s, zstar[j]!, 'right');
      const f = right - searchsorted(s, zstar[j]!, 'left');
      const m = right - f / 2;
      inner += ((l[j]! / N) * (N * m - b[j]! * ni) ** 2) / (b[j]! * (N - b[j]!) - (N * l[j]!) / 4);
    }
    a2 += inner / ni;
  }
  return (a2 * (N - 1)) / N;
}

/** The least-squares quadratic through (x, y), evaluated at t: the normal equations on x
 * centred and scaled, which are well conditioned for the seven table points. */
function quadraticFitAt(x: number[], y: number[], t: number): number {
  const mean = x.reduce((a, v) => a + v, 0) / x.length;
  const scale = Math.max(...x.map((v) => Math.abs(v - mean)));
  const u = x.map((v) => (v - mean) / scale);
  // Normal equations M c = r for the basis 1, u, u².
  const M = [[0, 0, 0], [0, 0, 0], [0, 0, 0]];
  const r = [0, 0, 0];
  u.forEach((ui, i) => {
    const p = [1, ui, ui * ui];
    for (let a = 0; a < 3; a++) {
      r[a]! += p[a]! * y[i]!;
      for (let c = 0; c < 3; c++) M[a]![c]! += p[a]! * p[c]!;
    }
  });
  // Gaussian elimination with partial pivoting on the 3×3 system.
  for (let col = 0; col < 3; col++) {
    let piv = col;
    for (let row = col + 1; row < 3; row++) if (Math.abs(M[row]![col]!) > Math.abs(M[piv]![col]!)) piv = row;
    [M[col], M[piv]] = [M[piv]!, M[col]!];
    [r[col], r[piv]] = [r[piv]!, r[col]!];
    for (let row = col + 1; row < 3; row++) {
      const f = M[row]![col]! / M[col]![col]!;
      for (let c = col; c < 3; c++) M[row]![c]! -= f * M[col]![c]!;
      r[row]! -= f * r[col]!;
    }
  }
  const c = [0, 0, 0];
  for (let row = 2; row >= 0; row--) {
    let s = r[row]!;
    for (let k = row + 1; k < 3; k++) s -= M[row]![k]! * c[k]!;
    c[row] = s / M[row]![row]!;
  }
  const ut = (t - mean) / scale;
  return c[0]! + c[1]! * ut + c[2]! * ut * ut;
}

/**
 * The k-sample Anderson–Darling test of whether `samples` come from one distribution.
 * Throws a RangeError where SciPy raises or the statistic is undefined: fewer than two
 * samples, an empty sample, a single distinct value, or fewer than 4 values in all (the
 * null variance divides by (N−1)(N−2)(N−3)).
 */
export function andersonKsamp(samples: readonly (readonly number[])[]): AndersonKsampResult {
  const k = samples.length;
  if (k < 2) throw new RangeError('andersonKsamp: needs at least two samples');
  const sorted = samples.map((s) => Float64Array.from(s).sort());
  const n = sorted.map((s) => s.length);
  if (n.some((x) => x === 0)) throw new RangeError('andersonKsamp: a sample has no values');
  const z = Float64Array.from(sorted.flatMap((s) => Array.from(s))).sort();
  const N = z.length;
  if (N < 4) throw new RangeError(`andersonKsamp: needs at least 4 values in all, got ${N}`);
  const zstar = Float64Array.from(new Set(z));
  if (zstar.length < 2) throw new RangeError('andersonKsamp: needs more than one distinct value');
  const a2kN = midrankStatistic(sorted, z, zstar);

  // The statistic's null variance (Scholz & Stephens, equation 4), from harmonic sums of N.
  const H = n.reduce((a, ni) => a + 1 / ni, 0);
  let h = 0; // Σ_{i=1}^{N−1} 1/i
  for (let i = 1; i <= N - 1; i++) h += 1 / i;
  // g = Σ_{i=1}^{N−2} Σ_{j=i+1}^{N−1} 1/((N−i) j), accumulated as Σ_i (1/(N−i)) Σ_{j>i} 1/j
  let g = 0;
  let tail = 0; // Σ_{j=i+1}^{N−1} 1/j, built from the top
  for (let i = N - 2; i >= 1; i--) {
    tail += 1 / (i + 1);
    g += tail / (N - i);
  }
  const a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * H;
  const b = (2 * g - 4) * k * k + 8 * h * k + (2 * g - 14 * h - 4) * H - 8 * h + 4 * g - 6;
  const c = (6 * h + 2 * g - 2) * k * k + (4 * h - 4 * g + 6) * k + (2 * h - 6) * H + 4 * h;
  const d = (2 * h + 6) * k * k - 4 * h * k;
  const sigmasq = (a * N ** 3 + b * N ** 2 + c * N + d) / ((N - 1) * (N - 2) * (N - 3));
  const m = k - 1;
  const statistic = (a2kN - m) / Math.sqrt(sigmasq);

  const criticalValues = B0.map((b0, i) => b0 + B1[i]! / Math.sqrt(m) + B2[i]! / m);
  const critical = criticalValues[AD_SIGNIFICANCE.indexOf(0.05)]!;
  let pValue: number;
  let pValueKind: AndersonKsampResult['pValueKind'];
  if (statistic < Math.min(...criticalValues)) [pValue, pValueKind] = [Math.max(...AD_SIGNIFICANCE), 'capped'];
  else if (statistic > Math.max(...criticalValues)) [pValue, pValueKind] = [Math.min(...AD_SIGNIFICANCE), 'floored'];
  else [pValue, pValueKind] = [Math.exp(quadraticFitAt(criticalValues, AD_SIGNIFICANCE.map(Math.log), statistic)), 'interpolated'];
  return { n, statistic, criticalValues, critical, pValue, pValueKind };
}
