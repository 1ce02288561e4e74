// Invariants under random scenarios (fast-check): every request ends exactly once, no
// replica exceeds max_inflight, replicas stay within [min, max], the clock never goes back
// (the engine throws if anything is scheduled in the past), same seed -> same result.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Scenario } from '../scenario/types.ts';
import { parseScenario } from '../scenario/load.ts';
import { pipelineProfile, simulate } from './helpers.ts';

const dist = fc.oneof(
  fc.record({ type: fc.constant('exponential' as const), mean: fc.double({ min: 0.05, max: 5, noNaN: true }) }),
  fc.record({ type: fc.constant('constant' as const), value: fc.double({ min: 0.01, max: 5, noNaN: true }) }),
  fc.record({ type: fc.constant('lognormal' as const), mu: fc.double({ min: -2, max: 1.5, noNaN: true }), sigma: fc.double({ min: 0.1, max: 1.2, noNaN: true }) }),
);

const scenarioArb = fc
  .record({
    seed: fc.integer({ min: 0, max: 1000 }),
    edition: fc.constantFrom('community' as const, 'pro' as const),
    mode: fc.constantFrom('fixed', 'alert', 'rps', 'capacity', 'cpu', 'lambda'),
    min: fc.integer({ min: 1, max: 3 }),
    extra: fc.integer({ min: 0, max: 4 }),
    maxInflight: fc.integer({ min: 0, max: 4 }),
    zero: fc.boolean(),
    regime: fc.constantFrom('warm' as const, 'cold' as const),
    cores: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
    warm: dist,
    start: dist,
    rate: fc.double({ min: 0.2, max: 20, noNaN: true }),
    burst: fc.boolean(),
    timeout: fc.double({ min: 1, max: 60, noNaN: true }),
    exec: fc.double({ min: 1, max: 60, noNaN: true }),
    attempts: fc.integer({ min: 1, max: 3 }),
    memLimit: fc.option(fc.integer({ min: 150, max: 600 }), { nil: undefined }),
    speed: fc.option(fc.record({ sigma: fc.double({ min: 0, max: 0.5, noNaN: true }), tau: fc.double({ min: 0.5, max: 60, noNaN: true }) }), { nil: null }),
  })
  .map((p): Scenario => {
    const mode = p.edition === 'community' && ['rps', 'capacity', 'cpu'].includes(p.mode) ? 'alert' : p.mode;
    return parseScenario(
      JSON.parse(
        JSON.stringify({
          format: 'fave.scenario/v1',
          name: 'prop',
          seed: p.seed,
          horizon: 60,
          drainLimit: 600,
          target: 'fn',
          regime: p.regime,
          workload: p.burst ? { executor: 'burst', count: Math.ceil(p.rate * 2), every: 20, repeat: 3 } : { executor: 'poisson', rate: p.rate },
          client: { timeout: p.timeout, retries: { attempts: p.attempts, backoff: 0.5 } },
          platform: {
            edition: p.edition,
            speed: p.speed,
            nodes: [{ cores: p.cores }],
            gateway: { upstreamTimeout: 30, writeTimeout: 35 },
            provider: { timeout: 20, readinessInitialDelay: 1, readinessPeriod: 1, reconcileInterval: 5 },
            autoscaler: { interval: 2, window: 4 },
            functions: {
              fn: {
                scaling: { mode, min: p.min, max: p.min + p.extra, zero: p.edition === 'pro' && p.zero, zeroDuration: 10 },
                maxInflight: p.maxInflight,
                execTimeout: p.exec,
                warm: p.warm,
                containerStart: p.start,
                init: { type: 'constant', value: 0.2 },
                firstCall: { type: 'exponential', mean: 0.5 },
                memoryMB: { base: 100, perRequest: 20 },
                ...(p.memLimit ? { memoryLimitMB: p.memLimit } : {}),
              },
            },
          },
        }),
      ),
      'prop',
    );
  });

describe('simulate (invariants)', () => {
  it('simulate ends every request exactly once and respects max_inflight and [min, max]', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        const rep = simulate(s).variants[0]!.replications[0]!;
        const ended = Object.values(rep.outcomes).reduce((a, b) => a + b, 0);
        expect(ended).toBe(rep.requests);
        const fn = s.platform!.functions!.fn!;
        const f = rep.functions.fn!;
        if (fn.maxInflight) expect(f.maxInflightPerReplica).toBeLessThanOrEqual(fn.maxInflight);
        if (fn.scaling!.mode === 'lambda') expect(f.maxInflightPerReplica).toBeLessThanOrEqual(1);
        const max = fn.scaling!.max!;
        if (fn.scaling!.mode !== 'lambda') expect(f.maxReplicas).toBeLessThanOrEqual(max);
        const neverBelowMin = s.regime === 'warm' && !fn.scaling!.zero && fn.scaling!.mode !== 'lambda';
        if (neverBelowMin) expect(f.minReplicas).toBeGreaterThanOrEqual(Math.min(fn.scaling!.min!, 5));
        expect(rep.cost.busyGBs).toBeLessThanOrEqual(rep.cost.replicaGBs + 1e-9);
      }),
      { numRuns: 60 },
    );
  });

  it('simulate gives the same result for the same seed, bit for bit', () => {
    fc.assert(
      fc.property(scenarioArb, (s) => {
        expect(JSON.stringify(simulate(s))).toBe(JSON.stringify(simulate(s)));
      }),
      { numRuns: 15 },
    );
  });

  it('simulate of the pipeline ends every request exactly once under random fan-out and timeouts', () => {
    fc.assert(
      fc.property(
        fc.record({
          seed: fc.integer({ min: 0, max: 100 }),
          fanout: fc.constantFrom('sequential' as const, 'parallel' as const),
          mode: fc.constantFrom('naive' as const, 'cas' as const),
          count: fc.integer({ min: 1, max: 12 }),
          stageTimeout: fc.double({ min: 0.5, max: 30, noNaN: true }),
          maxInflight: fc.integer({ min: 0, max: 3 }),
          retries: fc.integer({ min: 0, max: 2 }),
        }),
        (p) => {
          const s = parseScenario(
            {
              format: 'fave.scenario/v1',
              name: 'prop-pipeline',
              seed: p.seed,
              horizon: 30,
              regime: 'cold',
              workload: { executor: 'burst', count: p.count },
              client: { timeout: 120 },
              platform: { defaults: { maxInflight: p.maxInflight, execTimeout: 60 }, gateway: { upstreamTimeout: 60, writeTimeout: 65 }, provider: { timeout: 60 } },
              pipeline: { fanout: p.fanout, stageTimeout: p.stageTimeout, stageRetries: p.retries, clipsPerVideo: { type: 'exponential', mean: 2 }, framesPerClip: { type: 'exponential', mean: 3 } },
              state: { mode: p.mode, get: { type: 'exponential', mean: 0.02 }, put: { type: 'exponential', mean: 0.03 } },
            },
            'prop',
          );
          const rep = simulate(s, pipelineProfile(0.5, { firstCall: 1 })).variants[0]!.replications[0]!;
          expect(Object.values(rep.outcomes).reduce((a, b) => a + b, 0)).toBe(rep.requests);
          if (p.mode === 'cas') expect(rep.state.lostUpdates).toBe(0);
        },
      ),
      { numRuns: 40 },
    );
  });
});
