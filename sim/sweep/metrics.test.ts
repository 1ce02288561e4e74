// A point's metrics: SLO violations from log-bucketed histograms and failure counts, and
// the objectives the Pareto front compares.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { LogHistogram } from '../metrics/log-histogram.ts';
import { loadProfile } from '../profile/load.ts';
import { runScenario } from '../run/run-scenario.ts';
import { loadScenarioFile } from '../scenario/load.ts';
import { countAbove, objectivesOf, onFrontOf, pointMetrics, type SeedRun } from './metrics.ts';
import type { PointMetrics } from './types.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('metrics', () => {
  it('countAbove counts exactly the values over the SLO when none lies within a bucket of it', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.01, max: 1000, noNaN: true }), { maxLength: 200 }), fc.double({ min: 0.1, max: 500, noNaN: true }), (xs, slo) => {
        const values = xs.filter((x) => Math.abs(x / slo - 1) > 0.02);
        const a = new LogHistogram(), b = new LogHistogram();
        values.forEach((x, i) => (i % 2 ? a : b).record(x));
        expect(countAbove([a.toJSON(), b.toJSON()], slo)).toBe(values.filter((x) => x > slo).length);
      }),
    );
  });

  it('countAbove uses what was seen: all when the fastest is over, none when the slowest is not', () => {
    const h = new LogHistogram();
    [10, 10.01, 10.02].forEach((x) => h.record(x));
    expect(countAbove([h.toJSON()], 9.999)).toBe(3);
    expect(countAbove([h.toJSON()], 10.02)).toBe(0);
    expect(countAbove([new LogHistogram().toJSON()], 1)).toBe(0);
  });

  it('onFrontOf refuses a point that failed every request, and with an slo one whose every request missed it', () => {
    const e = (mean: number) => ({ mean, lo: mean, hi: mean, n: 3 });
    const m = (success: number, violations: number | null) => ({ successRate: e(success), sloViolationRate: violations }) as PointMetrics;
    expect(onFrontOf(m(0.5, null))).toBe(true);
    expect(onFrontOf(m(0, null))).toBe(false);
    expect(onFrontOf(m(NaN, null))).toBe(false);
    expect(onFrontOf(m(1, 0.99))).toBe(true);
    expect(onFrontOf(m(1, 1))).toBe(false);
  });

  describe('on simulated seeds', () => {
    // The timeouts scenario's defaults variant: some requests fail (the provider's 10 s timeout, 502).
    let runs: SeedRun[];
    beforeAll(async () => {
      const scenario = { ...loadScenarioFile(join(root, 'scenarios', 'timeouts.json')), compare: undefined, client: { timeout: 900, retries: { attempts: 3 } } };
      const profile = await loadProfile(join(root, 'profiles', 'default.json'));
      runs = [1, 2, 3].map((seed) => {
        const v = runScenario(scenario, profile, null, 'timeouts.json', { seed, replications: 1 }).variants[0]!;
        return { summary: v.replications[0]!, e2e: v.histograms.e2e };
      });
    });

    it('pointMetrics counts every failed request as an SLO violation, and every request under a tiny SLO', () => {
      const failed = runs.reduce((a, r) => a + r.summary.requests - r.summary.outcomes.ok!, 0);
      const requests = runs.reduce((a, r) => a + r.summary.requests, 0);
      expect(failed).toBeGreaterThan(0);
      expect(pointMetrics(runs, { latency: 'p95', cost: 'replicaGBs', slo: 1e5 }).sloViolationRate).toBe(failed / requests);
      expect(pointMetrics(runs, { latency: 'p95', cost: 'replicaGBs', slo: 1e-3 }).sloViolationRate).toBe(1);
    });

    it('pointMetrics keeps only the failure causes that occurred, latency of the seeds that had one, and no SLO rate without an slo', () => {
      const m = pointMetrics(runs, { latency: 'p95', cost: 'replicaGBs', slo: null });
      expect(m.sloViolationRate).toBeNull();
      expect(Object.keys(m.failures).length).toBeGreaterThan(0);
      for (const e of Object.values(m.failures)) expect(e.mean).toBeGreaterThan(0);
      // A seed with no successful request has no latency: estimates leave it out.
      expect(m.latency.p99.n).toBe(runs.filter((r) => r.summary.outcomes.ok! > 0).length);
    });

    it('objectivesOf picks the cost and latency named by the objective, or the SLO rate', () => {
      const objective = { latency: 'p99', cost: 'busyGBs', slo: null } as const;
      const m = pointMetrics(runs, objective);
      expect(objectivesOf(m, objective)).toEqual({ cost: Number(m.cost.busyGBs.mean.toPrecision(10)), service: Number(m.latency.p99.mean.toPrecision(10)) });
      const withSlo = { ...objective, slo: 30 };
      expect(objectivesOf(pointMetrics(runs, withSlo), withSlo).service).toBe(Number(pointMetrics(runs, withSlo).sloViolationRate!.toPrecision(10)));
    });
  });
});
