// The work estimate a run is refused by: close to the events a run counts where calls
// dominate, and the budget's refusal names the estimate and the flag that lifts it.
import { describe, expect, it } from 'vitest';
import { resolveScenario } from '../scenario/resolve.ts';
import type { Scenario } from '../scenario/types.ts';
import { constant, exp, oneFunction, pipelineProfile } from '../test/helpers.ts';
import { runReplication } from './replication.ts';
import { runScenario } from './run-scenario.ts';
import { WorkBudgetError } from './work-budget.ts';
import { estimateReplication } from './work-estimate.ts';

const pipeline = (more: Partial<Scenario> = {}): Scenario =>
  ({ format: 'fave.scenario/v1', name: 'p', seed: 1, horizon: 200, workload: { executor: 'constant-arrival-rate', rate: 0.5 }, platform: { nodes: [{ cores: null }] }, ...more }) as Scenario;

describe('estimateReplication', () => {
  it('estimateReplication counts requests × calls (the pipeline fan-out) within a factor of 1.5 of the events run', () => {
    const cases: [Scenario, ReturnType<typeof pipelineProfile> | null][] = [
      [oneFunction({ scaling: { mode: 'lambda' }, warm: exp(1), coldCall: exp(2) }, { horizon: 5000, workload: { executor: 'poisson', rate: 5 } }), null],
      [pipeline(), pipelineProfile(0.1, { clips: 2, frames: 3 })],
      // naive state writes: under 'cas', parallel frames conflict and retry, which it does not count
      [pipeline({ pipeline: { fanout: 'parallel' }, state: { mode: 'naive' } }), pipelineProfile(0.1, { clips: 3, frames: 5 })],
    ];
    for (const [s, profile] of cases) {
      const cfg = resolveScenario(s, profile, 'test');
      const e = estimateReplication(cfg);
      const run = runReplication(cfg, 1);
      expect(e.events / run.events, `${s.name}: estimate ${e.events}, ran ${run.events}`).toBeGreaterThan(0.7);
      expect(e.events / run.events, `${s.name}: estimate ${e.events}, ran ${run.events}`).toBeLessThan(1.5);
    }
    const cfg = resolveScenario(pipeline(), pipelineProfile(0.1, { clips: 2, frames: 3 }), 'test');
    expect(estimateReplication(cfg).callsPerRequest).toBe(1 + 3 + 2 * (3 + 3));
  });

  it('estimateReplication counts a speed trace\'s changes up to the horizon, one event each', () => {
    // A trace that changes every 10 ms outweighs the few calls: its events are most of the run.
    const at = Array.from({ length: 20_000 }, (_, i) => i / 100);
    const speedTrace = { at, speed: at.map((_, i) => (i % 2 ? 0.5 : 1)) };
    const s = oneFunction({ scaling: { mode: 'fixed', min: 1, max: 1 }, warm: exp(0.5) }, { horizon: 100, workload: { executor: 'poisson', rate: 0.5 }, platform: { speedTrace } });
    const cfg = resolveScenario(s, null, 'test');
    const without = estimateReplication(resolveScenario(oneFunction({ scaling: { mode: 'fixed', min: 1, max: 1 }, warm: exp(0.5) }, { horizon: 100, workload: { executor: 'poisson', rate: 0.5 } }), null, 'test'));
    expect(estimateReplication(cfg).ticks - without.ticks).toBe(10_000); // at 0.01 … 100; past the horizon not
    const run = runReplication(cfg, 1);
    expect(estimateReplication(cfg).events / run.events).toBeGreaterThan(0.7);
    expect(estimateReplication(cfg).events / run.events).toBeLessThan(1.5);
  });

  it('runScenario with maxEvents refuses a run estimated past it, before running, naming the flag', () => {
    const huge = oneFunction({ warm: constant(1) }, { horizon: 1e6, workload: { executor: 'constant-arrival-rate', rate: 1e6 } });
    let error: unknown;
    try {
      runScenario(huge, null, null, 'huge.json', { maxEvents: 5e8 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WorkBudgetError);
    const message = (error as Error).message;
    expect(message).toMatch(/^huge\.json: too much work: about 3e12 events \(~\d+ days at 3\.1M events\/s\), past the limit of 5e8 \(~2\.7 min\):/);
    expect(message).toContain('base: 1e12 requests × 1 call per request');
    expect(message).toContain('--max-events 3.1e12 '); // rounded up
    // The same run under a limit it fits is not refused (a short horizon, so it also runs).
    const small = oneFunction({ warm: constant(1) }, { horizon: 10, workload: { executor: 'constant-arrival-rate', rate: 2 } });
    expect(runScenario(small, null, null, 'small.json', { maxEvents: 1000 }).variants[0]!.replications[0]!.requests).toBe(20);
  });
});
