// The Lambda fast path against the general model: for every scenario it takes, the same
// result bit for bit — summary, histograms, time series and spans. Scenarios are drawn to
// reach every branch: ties between constant arrivals and constant work, the instance limit
// (429 and the sweep before it), expiry found while routing and while sampling, runs cut at
// the drain limit, slowed and capped instances.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DistSpec } from '../dist/spec.ts';
import type { SimConfig } from '../model/config.ts';
import { runGeneralReplication, runReplication, type ReplicationRun } from '../run/replication.ts';
import { summarizeReplication } from '../run/summarize.ts';
import { resolveScenario } from '../scenario/resolve.ts';
import type { FunctionSpec, Scenario, WorkloadSpec } from '../scenario/types.ts';
import { oneFunction } from '../test/helpers.ts';
import { lambdaFastPathBlocker } from './lambda-eligibility.ts';
import { runLambdaReplication } from './lambda-replication.ts';

function everything(run: ReplicationRun): unknown {
  const rec = run.recorder;
  return {
    summary: summarizeReplication(run),
    e2e: rec.e2e.toJSON(),
    stages: rec.stageLatency.map((h) => h.toJSON()),
    seriesT: rec.seriesT,
    series: rec.series,
    spans: rec.spans,
  };
}

const config = (s: Scenario): SimConfig => resolveScenario(s, null, 'test', null);

const dist: fc.Arbitrary<DistSpec> = fc.oneof(
  fc.record({ type: fc.constant('exponential' as const), mean: fc.double({ min: 0.05, max: 5, noNaN: true }) }),
  fc.record({ type: fc.constant('constant' as const), value: fc.constantFrom(0, 0.5, 1, 2, 3) }),
  fc.record({ type: fc.constant('lognormal' as const), mu: fc.double({ min: -1, max: 1, noNaN: true }), sigma: fc.double({ min: 0.1, max: 1, noNaN: true }) }),
);

const workload: fc.Arbitrary<WorkloadSpec> = fc.oneof(
  fc.record({ executor: fc.constant('poisson' as const), rate: fc.double({ min: 0.05, max: 5, noNaN: true }) }),
  fc.record({ executor: fc.constant('constant-arrival-rate' as const), rate: fc.constantFrom(0.25, 0.5, 1, 2) }),
  fc.record({
    executor: fc.constant('burst' as const),
    count: fc.integer({ min: 1, max: 20 }),
    every: fc.constantFrom(1, 5, 20),
    repeat: fc.integer({ min: 1, max: 5 }),
  }),
);

const lambdaScenario = fc
  .record({
    seed: fc.integer({ min: 0, max: 1e6 }),
    workload,
    warm: dist,
    cold: fc.oneof(
      fc.record({ coldCall: dist }),
      fc.record({ containerStart: dist, init: dist, firstCall: dist }),
    ),
    keepAlive: fc.double({ min: 0.5, max: 60, noNaN: true }),
    max: fc.integer({ min: 1, max: 30 }),
    horizon: fc.integer({ min: 5, max: 300 }),
    drainLimit: fc.constantFrom(0, 1, 5, 60),
    spans: fc.integer({ min: 0, max: 40 }),
    step: fc.constantFrom(0.5, 2, 7, 30),
    cpuFraction: fc.double({ min: 0.1, max: 2, noNaN: true }),
    cpuLimit: fc.option(fc.double({ min: 0.2, max: 2, noNaN: true })),
    slowdown: fc.option(fc.double({ min: 1, max: 3, noNaN: true })),
  })
  .map((p) => {
    const fn: FunctionSpec = {
      scaling: { mode: 'lambda', keepAlive: p.keepAlive, max: p.max },
      warm: p.warm,
      ...p.cold,
      cpuFraction: p.cpuFraction,
      cpuLimit: p.cpuLimit,
      ...(p.slowdown !== null ? { contention: [{ concurrency: 1, slowdown: p.slowdown }] } : {}),
    };
    return oneFunction(fn, {
      seed: p.seed,
      horizon: p.horizon,
      drainLimit: p.drainLimit,
      workload: p.workload,
      output: { spans: p.spans, timeSeriesStep: p.step },
    });
  });

describe('Lambda fast path', () => {
  it('gives the general model’s result bit for bit', () => {
    fc.assert(
      fc.property(lambdaScenario, (s) => {
        const cfg = config(s);
        expect(lambdaFastPathBlocker(cfg)).toBeNull();
        const general = everything(runGeneralReplication(cfg, s.seed));
        // both ways of keeping the completions, whichever the run would choose
        expect(everything(runLambdaReplication(cfg, s.seed, undefined, false, 'heap'))).toStrictEqual(general);
        expect(everything(runLambdaReplication(cfg, s.seed, undefined, false, 'calendar'))).toStrictEqual(general);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the engine’s order through its completion queue’s re-widths and long gaps', () => {
    // The completion queue (a calendar queue) re-buckets when the spacing of completions
    // changes 2× (here the rate ramps from 2/s to 200/s and back), and falls back to a full
    // search when the next completion is a whole ring of buckets away (the rare 500 s calls
    // of a mixture whose other calls take ~10 ms, after the arrivals stop).
    const s = oneFunction(
      {
        scaling: { mode: 'lambda', keepAlive: 30 },
        warm: { type: 'mixture', components: [{ weight: 0.999, dist: { type: 'exponential', mean: 0.01 } }, { weight: 0.001, dist: { type: 'constant', value: 500 } }] },
        coldCall: { type: 'exponential', mean: 0.5 },
      },
      {
        seed: 7,
        horizon: 400,
        drainLimit: 1000,
        workload: { executor: 'ramping-arrival-rate', startRate: 2, stages: [{ target: 200, duration: 100 }, { target: 200, duration: 100 }, { target: 1, duration: 150 }] },
      },
    );
    const cfg = config(s);
    expect(lambdaFastPathBlocker(cfg)).toBeNull();
    const fast = runLambdaReplication(cfg, 7, undefined, false, 'calendar');
    const general = everything(runGeneralReplication(cfg, 7));
    expect(everything(fast)).toStrictEqual(general);
    expect(fast.recorder.requests).toBeGreaterThan(30_000);
    // (~60 in flight: the choice a run makes itself is the calendar queue; the heap too)
    expect(everything(runLambdaReplication(cfg, 7))).toStrictEqual(general);
    expect(everything(runLambdaReplication(cfg, 7, undefined, false, 'heap'))).toStrictEqual(general);
  });

  it('is what runReplication takes for the benchmark’s shape, and only then', () => {
    const lambda = config(oneFunction({ scaling: { mode: 'lambda', keepAlive: 600 }, warm: { type: 'exponential', mean: 2 } }));
    expect(lambdaFastPathBlocker(lambda)).toBeNull();
    const a = runReplication(lambda, 3);
    expect(everything(a)).toStrictEqual(everything(runGeneralReplication(lambda, 3)));
    expect(a.recorder.requests).toBeGreaterThan(900);
  });

  it('names what sends a scenario down the general path', () => {
    const blocked = (fn: FunctionSpec, rest: Partial<Scenario> = {}) =>
      lambdaFastPathBlocker(config(oneFunction({ scaling: { mode: 'lambda', keepAlive: 60 }, warm: { type: 'constant', value: 1 }, ...fn }, rest)));
    expect(blocked({ scaling: { mode: 'fixed', min: 1, max: 1 } })).toMatch(/scaling mode is 'fixed'/);
    expect(blocked({ execTimeout: 30 })).toMatch(/timeout \(30 s\) is within the run/);
    expect(blocked({ policy: { keepAlive: { type: 'fixed', keepAlive: 10 } } })).toMatch(/warm-instance policy/);
    expect(blocked({ memoryLimitMB: 100, memoryMB: { base: 90, perRequest: 20 } })).toMatch(/OOM/);
    expect(blocked({}, { platform: { nodes: [{ cores: 2 }] } })).toMatch(/core limit/);
    expect(blocked({}, { platform: { gateway: { overhead: { type: 'constant', value: 0.01 } } } })).toMatch(/overhead/);
    expect(blocked({}, { client: { timeout: 1e7, retries: { attempts: 3, on: ['429'] } } })).toMatch(/retries 429/);
    expect(blocked({}, { client: { timeout: 10 } })).toMatch(/timeout \(10 s\)/);
    expect(blocked({}, { platform: { speed: { sigma: 0.1, tau: 10 } } })).toMatch(/speed drifts/);
    expect(blocked({}, { platform: { speed: { sigma: 0, tau: 10 } } })).toBeNull(); // no spread: a steady machine
  });
});
