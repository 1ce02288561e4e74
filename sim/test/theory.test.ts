// Agreement with queueing theory. OpenFaaS queues no synchronous call: a saturated replica
// answers 429, so fixed replicas with max_inflight 1 are loss systems (M/M/1/1 each, under
// random routing), and one replica with unlimited in-flight on one core is M/M/1-PS.
import { describe, expect, it } from 'vitest';
import { exp, oneFunction, simulate } from './helpers.ts';

describe('simulate (queueing theory)', () => {
  it('simulate with no cold starts and no limits gives mean latency = mean service time', () => {
    const r = simulate(oneFunction({ scaling: { mode: 'fixed', min: 1, max: 1 }, warm: exp(2) }, { horizon: 20000, workload: { executor: 'poisson', rate: 3 } }));
    const s = r.variants[0]!.summary;
    expect(s.outcomes.ok.mean).toBe(s.requests.mean);
    expect(s.latency.mean.mean).toBeGreaterThan(2 * 0.97);
    expect(s.latency.mean.mean).toBeLessThan(2 * 1.03);
  });

  it('simulate of c replicas with max_inflight 1 rejects ρ/(1+ρ) of calls (M/M/1/1 per replica)', () => {
    const c = 4;
    const lambda = 6;
    const mu = 1; // service mean 1 s
    const rho = lambda / (c * mu);
    const r = simulate(
      oneFunction({ scaling: { mode: 'fixed', min: c, max: c }, maxInflight: 1, warm: exp(1 / mu) }, { horizon: 20000, workload: { executor: 'poisson', rate: lambda }, platform: { edition: 'pro' } }),
    );
    const s = r.variants[0]!.replications[0]!;
    const rejected = s.outcomes['429']! / s.requests;
    expect(rejected).toBeGreaterThan((rho / (1 + rho)) * 0.97);
    expect(rejected).toBeLessThan((rho / (1 + rho)) * 1.03);
  });

  it('simulate of one replica on one core with unlimited in-flight has mean response 1/(μ−λ) (M/M/1-PS)', () => {
    const mu = 1;
    const lambda = 0.7;
    const r = simulate(
      oneFunction({ scaling: { mode: 'fixed', min: 1, max: 1 }, warm: exp(1 / mu), cpuFraction: 1 }, {
        horizon: 100000,
        workload: { executor: 'poisson', rate: lambda },
        platform: { nodes: [{ cores: 1 }] },
      }),
    );
    const mean = r.variants[0]!.summary.latency.mean.mean;
    expect(mean).toBeGreaterThan((1 / (mu - lambda)) * 0.93);
    expect(mean).toBeLessThan((1 / (mu - lambda)) * 1.07);
  });

  it("simulate obeys Little's law: time-average in flight = λ × mean latency", () => {
    const lambda = 2;
    const r = simulate(
      oneFunction({ scaling: { mode: 'fixed', min: 1, max: 1 }, warm: exp(1.5), cpuFraction: 0.5 }, {
        horizon: 20000,
        drainLimit: 0.001,
        workload: { executor: 'poisson', rate: lambda },
        platform: { nodes: [{ cores: 2 }] },
        output: { timeSeriesStep: 1 },
      }),
    );
    const v = r.variants[0]!;
    const inflight = v.timeSeries.functions.fn!.inflight;
    const L = inflight.reduce((a, b) => a + b, 0) / inflight.length;
    const W = v.summary.latency.mean.mean;
    const rate = v.summary.requests.mean / 20000;
    expect(L / (rate * W)).toBeGreaterThan(0.95);
    expect(L / (rate * W)).toBeLessThan(1.05);
  });
});
