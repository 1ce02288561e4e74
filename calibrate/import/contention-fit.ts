// A stage's slowdown with concurrency, fitted from calls that overlapped on a chosen subset,
// and a score of the same model on the overlapped calls held out of it.
//
// The model is the simulator's (sim/model/node-state.ts, sim/scenario/resolve.ts): a call of
// warm time w, with k calls in its replica and n calls busy on a node of C cores, takes
//   P + w × s(k) × max(1, n / C)
// where s is the stage's `contention` curve (piecewise linear through (1, 1) and the fitted
// points, flat past the last), max(1, n / C) is processor sharing once the node's calls
// outnumber its cores (each call keeping one core busy: no CPU time is measured), and P is
// the process's first-call penalty, paid by the calls that wait for a fresh process's
// priming (Python's import lock: every call arriving during it) and by no other.
import { median } from '../profile/stats.ts';

export interface ContentionPoint {
  concurrency: number;
  slowdown: number;
}

/** A stage's medians the prediction uses: warm time and first-call penalty, seconds. */
export interface StageMedians {
  warm: number;
  firstCall: number;
}

export interface OverlappedCall {
  stage: string;
  seconds: number;
  /** Paid the first-call penalty (waited for its process's priming). */
  primed: boolean;
  /** Calls in its replica at once (time-averaged, itself included). */
  sameStage: number;
  /** Calls busy on the node at once (time-averaged, itself included). */
  inFlight: number;
}

/** The curve's value at k, as the simulator tabulates it, for any real k >= 1. */
export function slowdownAt(curve: readonly ContentionPoint[], k: number): number {
  const pts = [...curve].sort((a, b) => a.concurrency - b.concurrency);
  if (!pts.length || pts[0]!.concurrency > 1) pts.unshift({ concurrency: 1, slowdown: 1 });
  if (k <= pts[0]!.concurrency) return pts[0]!.slowdown;
  for (let i = 0; i < pts.length - 1; i++) {
    const a = pts[i]!;
    const b = pts[i + 1]!;
    if (k <= b.concurrency) return a.slowdown + ((b.slowdown - a.slowdown) * (k - a.concurrency)) / (b.concurrency - a.concurrency);
  }
  return pts[pts.length - 1]!.slowdown;
}

export const nodeSharing = (inFlight: number, cores: number): number => Math.max(1, inFlight / cores);

export function predictSeconds(m: StageMedians, curve: readonly ContentionPoint[], c: OverlappedCall, cores: number): number {
  return (c.primed ? m.firstCall : 0) + m.warm * slowdownAt(curve, c.sameStage) * nodeSharing(c.inFlight, cores);
}

export interface FittedPoint extends ContentionPoint {
  n: number;
  /** Median duration of the subset's calls, seconds. */
  observed: number;
  /** The slowdown before clipping at 1 (a subset faster than alone says nothing about contention). */
  raw: number;
}

/**
 * One curve point from calls of one stage made together (a burst): at their median
 * same-stage concurrency k (rounded: the calls ran in lock-step), the slowdown that makes the
 * model's duration equal their median: s = (median − P) / (w × sharing). Every call of the
 * subset is taken to have waited for its process's priming when `primed` says so.
 */
export function fitPoint(calls: readonly OverlappedCall[], m: StageMedians, cores: number): FittedPoint {
  const observed = median(calls.map((c) => c.seconds));
  const k = Math.round(median(calls.map((c) => c.sameStage)));
  const primed = calls.filter((c) => c.primed).length * 2 > calls.length;
  const sharing = nodeSharing(median(calls.map((c) => c.inFlight)), cores);
  const raw = (observed - (primed ? m.firstCall : 0)) / (m.warm * sharing);
  return { concurrency: k, slowdown: Math.max(1, raw), raw, n: calls.length, observed };
}

export interface Score {
  n: number;
  /** Median of observed / predicted: 1 is unbiased, 2 = calls took twice the prediction. */
  medianRatio: number;
  /** Root mean square of ln(observed / predicted): 0.69 ≈ off by a factor 2 typically. */
  rmsLog: number;
}

export function score(pairs: readonly { observed: number; predicted: number }[]): Score {
  const logs = pairs.map((p) => Math.log(p.observed / p.predicted));
  return {
    n: pairs.length,
    medianRatio: pairs.length ? median(pairs.map((p) => p.observed / p.predicted)) : NaN,
    rmsLog: pairs.length ? Math.sqrt(logs.reduce((s, x) => s + x * x, 0) / logs.length) : NaN,
  };
}
