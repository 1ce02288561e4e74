import { describe, expect, it } from 'vitest';
import { validateAgainst } from '../../sim/scenario/schema-validator.ts';
import type { Scenario } from '../../sim/scenario/types.ts';
import type { TelemetryRecord } from '../../stages/runtime/telemetry.ts';
import { buildLiveResult, type LiveRunData, UNMEASURED } from './live-result.ts';
import type { RequestRecord } from './runner.ts';

const T0 = 1_700_000_000_000;
const scenario: Scenario = { format: 'fave.scenario/v1', name: 'r', seed: 5, horizon: 10, workload: { executor: 'burst', count: 3 } };

function request(index: number, outcome: RequestRecord['outcome'], latency: number, extra: Partial<RequestRecord> = {}): RequestRecord {
  return {
    index, arrival: 0, sent: 0, end: latency, outcome, latency,
    attempts: [{ requestId: `q-${index}-1`, start: 0, outcome, status: outcome === 'ok' ? 200 : 500, latency, callId: null }],
    calls: [{ fn: 'orchestrator', outcome, latency }, ...(outcome === 'ok' ? [{ fn: 'librosa', outcome: 'ok' as const, latency: latency / 2 }] : [])],
    ...extra,
  };
}

function telemetry(requestId: string, stage: string, startS: number, endS: number, coldStart: boolean): TelemetryRecord {
  return {
    format: 'fave.telemetry/v1', requestId, stage, replicaId: 'h-1', callId: null, startedAt: '', endedAt: '',
    startedAtMs: T0 + startS * 1000, endedAtMs: T0 + endS * 1000, durationSeconds: endS - startS, coldStart, firstCall: coldStart,
    phases: { download: 0, compute: 0, upload: 0 }, cpuSeconds: 0, status: 'ok', httpCode: 200, memoryLimitMB: 1024,
    memoryLimitSource: 'env', rssMB: 50, inflightAtStart: 0, bytesIn: 0, bytesOut: 0, costUnits: endS - startS,
  };
}

function data(): LiveRunData {
  return {
    scenario, seed: 5, target: 'pipeline', fn: 'orchestrator', functions: ['orchestrator', 'librosa'],
    requests: [
      request(0, 'ok', 2, { lostUpdates: 1, stateWrites: 7 }),
      request(1, 'ok', 4, { stateWrites: 7 }),
      request(2, 'aborted', 1, { abort: { stage: 'librosa', outcome: '503' } }),
    ],
    telemetry: [telemetry('q-0-1', 'librosa', 0.5, 1.5, true), telemetry('q-1-1', 'librosa', 1, 3, false)],
    requestIds: new Map([['q-0-1', 0], ['q-1-1', 1], ['q-2-1', 2]]),
    startedAtMs: T0,
    samples: [{ t: 0, ready: { orchestrator: 1, librosa: 1 }, replicas: { orchestrator: 1, librosa: 1 } }, { t: 2, ready: { orchestrator: 1, librosa: 2 }, replicas: { orchestrator: 1, librosa: 2 } }],
    memoryMB: { orchestrator: 512, librosa: 1024 },
    run: { end: 4, cutOff: false, stopped: false, sent: 3 },
    info: { gateway: 'embedded', embedded: true, startedAt: new Date(T0).toISOString(), regime: { regime: 'warm', functions: [] }, settings: { applied: [], notApplied: [], approximations: [] }, notes: [] },
  };
}

describe('buildLiveResult', () => {
  it('buildLiveResult writes a fave.result/v1 of kind live that the published schema accepts', () => {
    const json = JSON.parse(JSON.stringify(buildLiveResult(data())));
    expect(validateAgainst('result.schema.json', json)).toEqual([]);
    expect(json).toMatchObject({ format: 'fave.result/v1', kind: 'live', variants: [{ name: 'live', seeds: [5] }] });
  });

  it('buildLiveResult counts outcomes, end-to-end latency of the successes, aborts by stage and lost updates', () => {
    const s = buildLiveResult(data()).variants[0]!.replications[0]!;
    expect(s.requests).toBe(3);
    expect(s.outcomes).toMatchObject({ ok: 2, aborted: 1, '500': 0 });
    expect(s.successRate).toBeCloseTo(2 / 3);
    expect(s.latency.max).toBeGreaterThanOrEqual(3.9);
    expect(s.aborts).toEqual({ 'librosa 503': 1 });
    expect(s.state).toEqual({ writes: 14, lostUpdates: 1, conflicts: NaN });
    expect(s.functions['librosa']).toMatchObject({ calls: 2, coldStarts: 1, firstCalls: 1, minReplicas: 2, maxReplicas: 2 });
    expect(s.cost.invocationGBs).toBeCloseTo(3);
    expect(s.cost.replicaGBs).toBeCloseTo((1 * 512 * 2 + 1 * 1024 * 2) / 1024);
  });

  it('buildLiveResult counts a function\'s calls from its telemetry when the requests reported fewer (orphaned or failed pipelines)', () => {
    const d = data();
    // The aborted request reported only the orchestrator's call; librosa's telemetry has its call, and an orphan's.
    d.telemetry.push(telemetry('q-2-1', 'librosa', 1, 2, false), telemetry('q-2-1', 'librosa', 2, 3, false));
    expect(buildLiveResult(d).variants[0]!.replications[0]!.functions['librosa']!.calls).toBe(4);
  });

  it('buildLiveResult leaves what a client cannot see as null in the file, and says which', () => {
    const r = buildLiveResult(data());
    const json = JSON.parse(JSON.stringify(r));
    expect(json.variants[0].replications[0].orphans).toEqual({ calls: null, seconds: null });
    expect(json.variants[0].replications[0].functions.librosa.heldCalls).toBeNull();
    expect(r.live.unmeasured).toEqual(UNMEASURED);
  });

  it('buildLiveResult places stage telemetry in the spans of its request, in run time', () => {
    const spans = buildLiveResult(data()).variants[0]!.spans;
    expect(spans.filter((s) => s.fn === 'librosa')).toEqual([
      expect.objectContaining({ request: 0, start: 0.5, end: 1.5, cold: true }),
      expect.objectContaining({ request: 1, start: 1, end: 3, cold: false }),
    ]);
    expect(spans.filter((s) => s.fn === 'orchestrator')).toHaveLength(3);
  });

  it('buildLiveResult gives the time series of each function from the samples', () => {
    const ts = buildLiveResult(data()).variants[0]!.timeSeries;
    expect(ts.t).toEqual([0, 2]);
    expect(ts.functions['librosa']).toEqual({ ready: [1, 2], replicas: [1, 2], inflight: [0, 1], queued: [0, 0] });
  });
});
