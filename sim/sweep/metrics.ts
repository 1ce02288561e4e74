// What a sweep keeps of a point: estimates over its seeds (the same numbers a `sim` run of
// that configuration prints) and, with an SLO, the share of requests that missed it.
import type { HistogramJSON } from '../metrics/log-histogram.ts';
import type { ReplicationSummary } from '../run/summarize.ts';
import { estimate } from '../run/stats.ts';
import type { Objective, PointMetrics } from './types.ts';

/** One seed of one point, as a worker sends it back. */
export interface SeedRun {
  summary: ReplicationSummary;
  e2e: HistogramJSON; // end-to-end latency of the successful requests
}

/**
 * Recorded values above `slo` in the histograms pooled. A bucket counts when its
 * geometric middle (the value quantiles report for it) is above `slo`, so the count is
 * right to within one bucket's width (1%); what was seen bounds it exactly.
 */
export function countAbove(hs: HistogramJSON[], slo: number): number {
  let n = 0;
  for (const h of hs) {
    if (h.total === 0 || h.maxSeen <= slo) continue;
    if (h.minSeen > slo) {
      n += h.total;
      continue;
    }
    h.counts.forEach((c, i) => {
      const mid = i === 0 ? h.min : h.min * Math.pow(h.growth, i - 0.5);
      if (c > 0 && mid > slo) n += c;
    });
  }
  return n;
}

export function pointMetrics(runs: SeedRun[], objective: Objective): PointMetrics {
  const s = runs.map((r) => r.summary);
  const of = (f: (x: ReplicationSummary) => number) => estimate(s.map(f));
  const failures: PointMetrics['failures'] = {};
  for (const cause of Object.keys(s[0]?.outcomes ?? {})) {
    if (cause !== 'ok' && s.some((x) => (x.outcomes[cause] ?? 0) > 0)) failures[cause] = of((x) => x.outcomes[cause] ?? 0);
  }
  let sloViolationRate: number | null = null;
  if (objective.slo !== null) {
    const requests = s.reduce((a, x) => a + x.requests, 0);
    const failed = s.reduce((a, x) => a + x.requests - (x.outcomes.ok ?? 0), 0);
    const slow = countAbove(runs.map((r) => r.e2e), objective.slo);
    sloViolationRate = requests ? (failed + slow) / requests : NaN;
  }
  return {
    requests: of((x) => x.requests),
    successRate: of((x) => x.successRate),
    latency: { p50: of((x) => x.latency.p50), p95: of((x) => x.latency.p95), p99: of((x) => x.latency.p99) },
    failures,
    coldStarts: of((x) => Object.values(x.functions).reduce((a, f) => a + f.coldStarts, 0)),
    cost: { replicaGBs: of((x) => x.cost.replicaGBs), busyGBs: of((x) => x.cost.busyGBs), invocationGBs: of((x) => x.cost.invocationGBs) },
    lostUpdates: of((x) => x.state.lostUpdates),
    sloViolationRate,
  };
}

// Objectives keep 10 significant digits: two configurations that behave the same can still
// differ in the last bits (floating-point sums taken in another order), and that noise
// must not put the costlier one on the Pareto front.
const significant = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(10)) : x);

/** The point's two objectives: cost, and latency or (with an slo) the violation rate. */
export function objectivesOf(m: PointMetrics, objective: Objective): { cost: number; service: number } {
  const service = objective.slo !== null ? m.sloViolationRate! : m.latency[objective.latency].mean;
  return { cost: significant(m.cost[objective.cost].mean), service: significant(service) };
}

/** Whether a point may stand on the Pareto front: some request succeeded (a point that
 * failed every one is cheap for nothing) and, with an slo, not every request missed it. */
export function onFrontOf(m: PointMetrics): boolean {
  if (!(m.successRate.mean > 0)) return false;
  return m.sloViolationRate === null || m.sloViolationRate < 1;
}
