// The scorecard (`fave.validation/v1`): a live run against its simulated replay.
//   e2e latency (successful requests): KS distance between the live samples and the
//     replications' merged histogram, and the relative error of p50 / p95 / p99;
//   per-stage latency p50 / p95 (informative);
//   cold starts: first calls in a fresh process, counted by telemetry live and by the
//     simulator's `firstCalls` (the same event on both sides);
//   outcomes by cause: the set of failure causes must be the same (a cause counts in the
//     simulation when it occurs at least once per replication on average, mean ≥ 0.5).
import type { HistogramJSON } from '../../sim/metrics/log-histogram.ts';
import type { SimResult } from '../../sim/run/result.ts';
import { quantile } from '../profile/stats.ts';
import type { RunData } from './run-dir.ts';

export const VALIDATION_FORMAT = 'fave.validation/v1';

export const THRESHOLDS = { p50: 0.10, p95: 0.15, ks: 0.15, coldStarts: 0.10 };

export interface Check { name: string; value: number | string; threshold: string; pass: boolean }
export interface Percentiles { n: number; p50: number; p95: number; p99: number }

export interface Scorecard {
  format: typeof VALIDATION_FORMAT;
  kind: 'validation';
  run: string;
  scenario: string;
  profile: { path: string; source: string; date: string };
  replications: number;
  seed: number;
  thresholds: typeof THRESHOLDS;
  e2e: { live: Percentiles; sim: Percentiles; ks: number; relError: { p50: number; p95: number; p99: number } };
  stages: Record<string, { live: Percentiles; sim: { p50: number; p95: number }; relError: { p50: number; p95: number } }>;
  coldStarts: { live: number; sim: number; relError: number; byStage: Record<string, { live: number; sim: number }> };
  outcomes: { live: Record<string, number>; sim: Record<string, number>; liveCauses: string[]; simCauses: string[] };
  checks: Check[];
  match: boolean;
}

/**
 * The KS distance that sampling noise alone exceeds 5% of the time for n live samples against
 * a known distribution (Stephens' approximation of the one-sample critical value: 0.29 at
 * n = 20, 0.56 at n = 5). Said beside the threshold, so a reader sees when a run is too
 * short for the check to mean anything.
 */
export function ksNoiseLevel(n: number): number {
  return 1.358 / (Math.sqrt(n) + 0.12 + 0.11 / Math.sqrt(n));
}

function ksNoiseNote(n: number): string {
  const level = n > 0 ? ksNoiseLevel(n) : NaN;
  return level > THRESHOLDS.ks ? ` (noise alone reaches ${level.toFixed(2)} at n = ${n})` : '';
}

/** CDF of a log-bucketed histogram, linear inside a bucket. */
export function histogramCdf(h: HistogramJSON): (x: number) => number {
  const bounds = h.counts.map((_, i) => (i === 0 ? [0, h.min] : [h.min * h.growth ** (i - 1), h.min * h.growth ** i]) as [number, number]);
  return (x) => {
    if (h.total === 0) return NaN;
    let below = 0;
    for (let i = 0; i < h.counts.length; i++) {
      const [lo, hi] = bounds[i]!;
      const c = h.counts[i]!;
      if (x >= hi) below += c;
      else {
        if (x > lo) below += (c * (x - lo)) / (hi - lo);
        break;
      }
    }
    return Math.min(1, below / h.total);
  };
}

/** KS distance between samples and a cdf, checked at every sample from both sides. */
export function ksDistance(samples: readonly number[], cdf: (x: number) => number): number {
  const s = samples.slice().sort((a, b) => a - b);
  let d = 0;
  for (let i = 0; i < s.length; i++) {
    const f = cdf(s[i]!);
    d = Math.max(d, Math.abs(f - i / s.length), Math.abs((i + 1) / s.length - f));
  }
  return d;
}

function histQuantile(h: HistogramJSON, q: number): number {
  if (h.total === 0) return NaN;
  const rank = Math.max(1, Math.ceil(q * h.total));
  let seen = 0;
  for (let i = 0; i < h.counts.length; i++) {
    seen += h.counts[i]!;
    if (seen >= rank) return Math.min(Math.max(i === 0 ? h.min : h.min * h.growth ** (i - 0.5), h.minSeen), h.maxSeen);
  }
  return h.maxSeen;
}

const pct = (xs: number[]): Percentiles => ({ n: xs.length, p50: quantile(xs, 0.5), p95: quantile(xs, 0.95), p99: quantile(xs, 0.99) });
const rel = (sim: number, live: number) => (live === 0 ? (sim === 0 ? 0 : Infinity) : (sim - live) / live);
const ok = (x: number, limit: number) => Number.isFinite(x) && Math.abs(x) <= limit;

export function score(run: RunData, sim: SimResult, profilePath: string, replications: number, seed: number): Scorecard {
  const v = sim.variants[0]!;
  const liveE2e = run.requests.filter((r) => r.outcome === 'ok').map((r) => r.latency);
  const h = v.histograms.e2e;
  const simE2e: Percentiles = { n: h.total, p50: histQuantile(h, 0.5), p95: histQuantile(h, 0.95), p99: histQuantile(h, 0.99) };
  const live = pct(liveE2e);
  const ks = liveE2e.length && h.total ? ksDistance(liveE2e, histogramCdf(h)) : 1;
  const e2e = { live, sim: simE2e, ks, relError: { p50: rel(simE2e.p50, live.p50), p95: rel(simE2e.p95, live.p95), p99: rel(simE2e.p99, live.p99) } };

  const stages: Scorecard['stages'] = {};
  // A pipeline run names the orchestrator's own calls after the target ('pipeline') in older run dirs.
  const fnOf = (name: string) => (name === 'pipeline' ? 'orchestrator' : name);
  const fns = [...new Set(run.requests.flatMap((r) => r.calls.map((c) => fnOf(c.fn))))];
  for (const fn of fns) {
    const s = v.summary.functions[fn];
    if (!s) continue;
    const lp = pct(run.requests.flatMap((r) => r.calls).filter((c) => fnOf(c.fn) === fn && c.outcome === 'ok').map((c) => c.latency));
    const sp = { p50: s.latency.p50.mean, p95: s.latency.p95.mean };
    stages[fn] = { live: lp, sim: sp, relError: { p50: rel(sp.p50, lp.p50), p95: rel(sp.p95, lp.p95) } };
  }

  const byStage: Record<string, { live: number; sim: number }> = {};
  for (const [fn, s] of Object.entries(v.summary.functions)) {
    const l = run.telemetry.filter((t) => t.stage === fn && t.firstCall).length;
    if (l > 0 || s.firstCalls.mean > 0) byStage[fn] = { live: l, sim: s.firstCalls.mean };
  }
  const coldLive = Object.values(byStage).reduce((a, b) => a + b.live, 0);
  const coldSim = Object.values(byStage).reduce((a, b) => a + b.sim, 0);
  const coldStarts = { live: coldLive, sim: coldSim, relError: rel(coldSim, coldLive), byStage };

  const liveOut: Record<string, number> = {};
  for (const r of run.requests) liveOut[r.outcome] = (liveOut[r.outcome] ?? 0) + 1;
  const simOut = Object.fromEntries(Object.entries(v.summary.outcomes).map(([k, e]) => [k, e.mean]));
  const liveCauses = Object.keys(liveOut).filter((k) => k !== 'ok' && liveOut[k]! > 0).sort();
  const simCauses = Object.keys(simOut).filter((k) => k !== 'ok' && simOut[k]! >= 0.5).sort();

  // When neither side had a successful request there is no latency to compare: the
  // outcome checks carry the verdict (a run where every call times out, as `timeouts`).
  const noLatency = e2e.live.n === 0 && e2e.sim.n === 0;
  const none = 'no successful request on either side';
  const checks: Check[] = [
    { name: 'e2e p50 relative error', value: noLatency ? none : e2e.relError.p50, threshold: `within ±${THRESHOLDS.p50 * 100}%`, pass: noLatency || ok(e2e.relError.p50, THRESHOLDS.p50) },
    { name: 'e2e p95 relative error', value: noLatency ? none : e2e.relError.p95, threshold: `within ±${THRESHOLDS.p95 * 100}%`, pass: noLatency || ok(e2e.relError.p95, THRESHOLDS.p95) },
    { name: 'e2e KS distance', value: noLatency ? none : ks, threshold: `≤ ${THRESHOLDS.ks}${ksNoiseNote(e2e.live.n)}`, pass: noLatency || ks <= THRESHOLDS.ks },
    { name: 'cold starts relative error', value: coldStarts.relError, threshold: `within ±${THRESHOLDS.coldStarts * 100}%`, pass: ok(coldStarts.relError, THRESHOLDS.coldStarts) },
    { name: 'failure causes', value: `live [${liveCauses.join(', ')}] sim [${simCauses.join(', ')}]`, threshold: 'the same set', pass: liveCauses.join() === simCauses.join() },
  ];
  return {
    format: VALIDATION_FORMAT,
    kind: 'validation',
    run: run.dir,
    scenario: run.scenario.name,
    profile: { path: profilePath, source: sim.profile.source ?? '', date: sim.profile.date ?? '' },
    replications,
    seed,
    thresholds: THRESHOLDS,
    e2e,
    stages,
    coldStarts,
    outcomes: { live: liveOut, sim: simOut, liveCauses, simCauses },
    checks,
    match: checks.every((c) => c.pass),
  };
}
