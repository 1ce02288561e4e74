// A workflow step called asynchronously (a function's `invoke: "async"`): the orchestrator
// posts to /async-function, its queue-worker runs the call, and the Task goes on when the
// callback comes. With room in the queue it changes nothing but adds the async counts; with
// Community Edition's one-at-a-time worker, concurrent requests' steps queue.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/load.ts';
import type { Scenario } from '../scenario/types.ts';
import { oneFunction, pipelineProfile, simulate } from './helpers.ts';

function pipeline(count: number, platform: Record<string, unknown>): Scenario {
  return parseScenario(
    {
      format: 'fave.scenario/v1',
      name: 'async-steps',
      seed: 3,
      horizon: 10,
      workload: { executor: 'burst', count },
      client: { timeout: 10000 },
      platform: {
        nodes: [{ cores: null }],
        gateway: { upstreamTimeout: 1000, writeTimeout: 1000 },
        provider: { timeout: 1000 },
        defaults: { execTimeout: 1000, scaling: { mode: 'fixed', min: 1, max: 1 }, maxInflight: 0 },
        ...platform,
      },
      pipeline: { fanout: 'sequential', stageTimeout: 1000 },
      state: { get: { type: 'constant', value: 0 }, put: { type: 'constant', value: 0 } },
    },
    'test',
  );
}

const profile = pipelineProfile(2, { clips: 2, frames: 1 });

describe('asynchronous workflow steps', () => {
  it('with a free slot for every step, the run is the synchronous one bit for bit, plus the async counts', () => {
    const sync = simulate(pipeline(3, { edition: 'pro' }), profile).variants[0]!.summary;
    const { async: a, ...rest } = simulate(pipeline(3, { edition: 'pro', functions: { librosa: { invoke: 'async' } } }), profile).variants[0]!.summary;
    expect(rest).toEqual(sync);
    // Every librosa call (once per video) went through the queue, none waiting.
    const calls = sync.functions.librosa!.calls.mean;
    expect(calls).toBe(3);
    expect([a!.accepted.mean, a!.executions.mean, a!.queueWait.max.mean, a!.callbacks.mean]).toEqual([calls, calls, 0, calls]);
  });

  it("on Community Edition's one-at-a-time worker, the steps of concurrent requests queue", () => {
    const sync = simulate(pipeline(3, {}), profile).variants[0]!.summary;
    const s = simulate(pipeline(3, { functions: { librosa: { invoke: 'async' } } }), profile).variants[0]!.summary;
    expect(s.successRate.mean).toBe(1);
    expect(s.async!.queueWait.max.mean).toBeGreaterThan(0);
    expect(s.latency.p95.mean).toBeGreaterThan(sync.latency.p95.mean);
  });

  it('refuses an async step outside a workflow, and the orchestrator as a step, by path', () => {
    const issues = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as { issues: { path: string; message: string }[] }).issues.map((i) => `${i.path}: ${i.message}`);
      }
      return [];
    };
    expect(issues(() => simulate(pipeline(1, { functions: { orchestrator: { invoke: 'async' } } }), profile))[0]).toMatch(/^\$\.platform\.functions\.orchestrator\.invoke: the orchestrator is called by the client/);
    const single = oneFunction({ warm: { type: 'constant', value: 1 }, invoke: 'async' });
    expect(issues(() => simulate(single))[0]).toMatch(/^\$\.platform\.functions\.fn\.invoke: a function's invoke is how the orchestrator calls it/);
  });
});
