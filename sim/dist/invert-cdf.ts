/**
 * Solves cdf(x) = p for x ≥ 0 by bracketing from `guess` and bisecting. For quantiles with
 * no closed form (gamma, mixture); not on the hot path, so robustness beats speed.
 * Returns the smallest x (to ~1e-12 relative) with cdf(x) ≥ p.
 */
export function invertCdf(cdf: (x: number) => number, p: number, guess: number): number {
  let hi = guess > 0 && Number.isFinite(guess) ? guess : 1;
  let lo = 0;
  for (let i = 0; i < 2000 && cdf(hi) < p; i++) {
    lo = hi;
    hi *= 2;
  }
  if (cdf(hi) < p) return Infinity;
  // Tighten the lower end too, so bisection starts from a narrow bracket.
  let down = hi;
  for (let i = 0; i < 2000 && down > lo; i++) {
    down /= 2;
    if (cdf(down) < p) {
      lo = Math.max(lo, down);
      break;
    }
  }
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (cdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return hi;
}
