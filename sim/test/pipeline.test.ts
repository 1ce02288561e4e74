// The VideoSearcher pipeline driven by the orchestrator, and its state.json writes.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/load.ts';
import type { Scenario } from '../scenario/types.ts';
import { pipelineProfile, simulate } from './helpers.ts';

function pipeline(rest: Partial<Scenario>): Scenario {
  return parseScenario(
    JSON.parse(
      JSON.stringify({
        format: 'fave.scenario/v1',
        name: 'pipeline-test',
        seed: 3,
        horizon: 100,
        workload: { executor: 'burst', count: 1 },
        client: { timeout: 10000 },
        ...rest,
        platform: {
          nodes: [{ cores: null }],
          gateway: { upstreamTimeout: 1000, writeTimeout: 1000 },
          provider: { timeout: 1000 },
          defaults: { execTimeout: 1000, scaling: { mode: 'fixed', min: 1, max: 1 }, maxInflight: 0 },
          ...rest.platform,
        },
        pipeline: { stageTimeout: 1000, ...rest.pipeline },
        state: { get: { type: 'constant', value: 0 }, put: { type: 'constant', value: 0 }, ...rest.state },
      }),
    ),
    'test',
  );
}

describe('simulate (pipeline)', () => {
  it('simulate of a sequential pipeline calls every stage once per clip and frame, one after another', () => {
    // 3 head stages + 2 clips × (3 stages + 3 frames) = 15 calls of 1 s each (+0.01 s orchestrator).
    const r = simulate(pipeline({ pipeline: { fanout: 'sequential' } }), pipelineProfile(1, { clips: 2, frames: 3 })).variants[0]!.replications[0]!;
    expect(r.outcomes.ok).toBe(1);
    const calls = Object.fromEntries(Object.entries(r.functions).map(([k, f]) => [k, f.calls]));
    expect(calls).toEqual({ orchestrator: 1, 'ffmpeg-0': 1, librosa: 1, 'ffmpeg-1': 1, 'ffmpeg-2': 2, deepspeech: 2, 'ffmpeg-3': 2, 'object-detector': 6 });
    expect(r.latency.max).toBeCloseTo(15.01, 6);
    expect(r.state.writes).toBe(15);
  });

  it('simulate of a parallel pipeline overlaps clips and frames', () => {
    // 3 s head, then clips in parallel: 3 s each, then frames in parallel: 1 s.
    const r = simulate(pipeline({ pipeline: { fanout: 'parallel' } }), pipelineProfile(1, { clips: 2, frames: 3 })).variants[0]!.replications[0]!;
    expect(r.outcomes.ok).toBe(1);
    expect(r.functions['object-detector']!.calls).toBe(6);
    expect(r.latency.max).toBeCloseTo(7.01, 6);
  });

  it('simulate aborts the pipeline with the failing stage and its status', () => {
    const r = simulate(pipeline({ platform: { functions: { librosa: { execTimeout: 0.5 } } } }), pipelineProfile(1)).variants[0]!.replications[0]!;
    expect(r.outcomes.aborted).toBe(1);
    expect(r.aborts).toEqual({ 'librosa 504': 1 });
    expect(r.functions['ffmpeg-1']!.calls).toBe(0);
  });

  it('simulate of a pipeline with a 0-clip video ends after ffmpeg-1', () => {
    const r = simulate(pipeline({ pipeline: { fanout: 'parallel' } }), pipelineProfile(1, { clips: 0 })).variants[0]!.replications[0]!;
    expect(r.outcomes.ok).toBe(1);
    expect(r.functions['ffmpeg-2']!.calls).toBe(0);
  });

  it('simulate with naive state writes loses updates under parallel fan-out; cas loses none', () => {
    const base = { workload: { executor: 'burst', count: 10 } as const, pipeline: { fanout: 'parallel' as const }, state: { get: { type: 'exponential', mean: 0.02 }, put: { type: 'exponential', mean: 0.03 } } as Scenario['state'] };
    const profile = pipelineProfile(1, { clips: 3, frames: 5 });
    const naive = simulate(pipeline({ ...base, state: { ...base.state, mode: 'naive' } }), profile).variants[0]!.replications[0]!;
    const cas = simulate(pipeline({ ...base, state: { ...base.state, mode: 'cas' } }), profile).variants[0]!.replications[0]!;
    expect(naive.state.lostUpdates).toBeGreaterThan(0);
    expect(cas.state.lostUpdates).toBe(0);
    expect(cas.state.conflicts).toBeGreaterThan(0);
    expect(cas.outcomes.ok).toBe(10);
  });

  it('simulate with temp-file state writes fails a request whose upload starts while another of the same orchestrator process is under way', () => {
    // Requests 0.5 s apart, each writing after every 1-s stage call: uploads of 0.2 s never
    // meet. At once, the five requests' uploads all start together: the first wins each time.
    const writes = { mode: 'temp-file', put: { type: 'constant', value: 0.2 } } as Scenario['state'];
    const apart = simulate(pipeline({ workload: { executor: 'trace', arrivals: [0, 0.5, 1, 1.5, 2] }, state: writes }), pipelineProfile(1, { clips: 1, frames: 1 })).variants[0]!.replications[0]!;
    expect(apart.outcomes.ok).toBe(5);
    const together = simulate(pipeline({ workload: { executor: 'burst', count: 5 }, state: writes }), pipelineProfile(1, { clips: 1, frames: 1 })).variants[0]!.replications[0]!;
    expect(together.outcomes).toMatchObject({ ok: 1, aborted: 4 });
    expect(together.aborts).toEqual({ 'state.json temp-file-race': 4 });
    // The same five with naive writes: nobody fails (each request writes its own state.json).
    const naive = simulate(pipeline({ workload: { executor: 'burst', count: 5 }, state: { ...writes, mode: 'naive' } }), pipelineProfile(1, { clips: 1, frames: 1 })).variants[0]!.replications[0]!;
    expect(naive.outcomes.ok).toBe(5);
  });

  it('simulate with sequential fan-out has one writer per request and loses nothing even when naive', () => {
    const r = simulate(pipeline({ workload: { executor: 'burst', count: 10 }, state: { mode: 'naive', get: { type: 'constant', value: 0.02 } } }), pipelineProfile(1)).variants[0]!.replications[0]!;
    expect(r.state.lostUpdates).toBe(0);
  });

  it('simulate keeps orchestrating after the caller got 502: the pipeline is orphaned work', () => {
    const r = simulate(pipeline({ platform: { gateway: { upstreamTimeout: 5, writeTimeout: 6 } } }), pipelineProfile(1)).variants[0]!.replications[0]!;
    expect(r.outcomes['502']).toBe(1);
    expect(r.functions['object-detector']!.calls).toBe(6); // the pipeline still ran to the end
    expect(r.orphans.calls).toBeGreaterThanOrEqual(1);
  });
});
