// An orchestrator replica whose call's slot the watchdog freed at exec_timeout still runs
// the pipeline that call drives (the driver goes on, as orphaned work does): it is busy,
// not idle. A scale-down must drain it, not destroy it, or the driver's later work (the
// orchestrator's own work after each stage call) lands on a dead replica, whose object is
// by then another function's replica: jobs on a replica with none, a stale entry in its
// node's busy list, an init job "completing" again and again (seen in pipeline-1M).
import { describe, expect, it } from 'vitest';
import { runScenario } from '../run/run-scenario.ts';
import { parseScenario } from '../scenario/load.ts';
import { constant, pipelineProfile } from './helpers.ts';

const FAR = 1e6;

function scenario() {
  return parseScenario(
    {
      format: 'fave.scenario/v1',
      name: 'driving replica',
      seed: 3,
      horizon: 1,
      drainLimit: 600,
      workload: { executor: 'burst', count: 1, every: 1000, repeat: 1 },
      client: { timeout: FAR },
      platform: {
        edition: 'pro',
        nodes: [{ cores: 4 }],
        gateway: { upstreamTimeout: FAR, writeTimeout: FAR },
        provider: { timeout: FAR, readinessInitialDelay: 0, readinessPeriod: 1, reconcileInterval: 1 },
        defaults: { execTimeout: FAR, scaling: { mode: 'fixed', min: 1, max: 1 } },
        functions: {
          // The orchestrator's watchdog gives up after 2 s, and the idler scales it to zero
          // after 3 s without activity: both long before its pipeline (7 stages × 10 s) ends.
          orchestrator: { execTimeout: 2, scaling: { mode: 'capacity', min: 1, max: 1, target: 1, zero: true, zeroDuration: 3 } },
        },
      },
      pipeline: { fanout: 'sequential', orchestratorWork: constant(0.5) },
      output: { timeSeriesStep: 1, spans: 0 },
    },
    'driving-replica',
  );
}

describe('an orchestrator replica driving a pipeline past its exec timeout', () => {
  const result = runScenario(scenario(), pipelineProfile(10, { clips: 1, frames: 1, start: 1, init: 0.5 }), null, 'test');
  const rep = result.variants[0]!.replications[0]!;
  const series = result.variants[0]!.timeSeries;

  it('answers its caller 504 and drives the pipeline to its end as orphaned work', () => {
    expect(rep.outcomes['504']).toBe(1);
    expect(rep.orphans.calls).toBe(1);
    for (const stage of ['ffmpeg-0', 'librosa', 'ffmpeg-1', 'ffmpeg-2', 'deepspeech', 'ffmpeg-3', 'object-detector']) {
      expect(rep.functions[stage]!.outcomes.ok, stage).toBe(1);
    }
    expect(rep.state.writes).toBe(7);
  });

  it('keeps the replica (draining) until the pipeline is done, then removes it', () => {
    const orch = series.functions['orchestrator']!;
    const stagesInflight = (i: number) => Object.entries(series.functions).reduce((a, [n, s]) => a + (n === 'orchestrator' ? 0 : s.inflight[i]!), 0);
    // Scaled to zero: no ready replica from some point while stages still run...
    const scaledDown = series.t.findIndex((_, i) => orch.ready[i] === 0 && stagesInflight(i) > 0);
    expect(scaledDown).toBeGreaterThan(0);
    // ...yet a replica lives as long as any stage call of the pipeline does.
    for (let i = scaledDown; i < series.t.length; i++) {
      if (stagesInflight(i) > 0) expect(orch.replicas[i], `t = ${series.t[i]}`).toBe(1);
    }
    expect(orch.replicas[series.t.length - 1]).toBe(0);
  });
});
