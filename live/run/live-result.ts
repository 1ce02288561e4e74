// A live run as a `fave.result/v1` file: one variant, one replication, built with the
// simulator's own summary functions (LogHistogram, latencyOf, aggregate) so `validate`
// compares like with like. What a client cannot see through the gateway (calls held by
// scale from zero, OOM kills, orphaned work, engine events) is NaN — null in the file —
// and listed in `live.unmeasured`, never guessed.
import { LogHistogram } from '../../sim/metrics/log-histogram.ts';
import { OUTCOME_NAMES } from '../../sim/model/outcome.ts';
import type { FnSeries, Span } from '../../sim/model/recorder.ts';
import { RESULT_FORMAT, type SimResult, type VariantResult } from '../../sim/run/result.ts';
import { type FunctionSummary, type ReplicationSummary, aggregate, latencyOf } from '../../sim/run/summarize.ts';
import type { AsyncSummary } from '../../sim/run/summarize-async.ts';
import type { Scenario } from '../../sim/scenario/types.ts';
import type { TelemetryRecord } from '../../stages/runtime/telemetry.ts';
import type { RegimeReport } from './regime.ts';
import type { RequestRecord, RunOutcome } from './runner.ts';
import type { ReplicaSample } from './sampler.ts';

export const UNMEASURED = ['events', 'functions.*.heldCalls', 'functions.*.ooms', 'orphans', 'cost.busyGBs', 'cost.idleGBs', 'state.conflicts', 'unschedulable', 'timeSeries.queued'];

export interface LiveInfo {
  gateway: string;
  embedded: boolean;
  startedAt: string;
  stopped: boolean;
  regime: RegimeReport;
  /** Warm regime: the requests sent before the clock started. */
  warmUp?: { requests: number; seconds: number };
  settings: { applied: string[]; notApplied: string[]; approximations: string[] };
  /** Everything else the reader of the result should know (replications ignored, …). */
  notes: string[];
  unmeasured: string[];
}

export type LiveResult = Omit<SimResult, 'kind'> & { kind: 'live'; live: LiveInfo };

export interface LiveRunData {
  scenario: Scenario;
  seed: number;
  /** 'pipeline', 'workflow' or the one function called. */
  target: string;
  /** The function the client calls (the orchestrator for the pipeline). */
  fn: string;
  functions: string[];
  requests: RequestRecord[];
  telemetry: TelemetryRecord[];
  /** requestId (as sent to the orchestrator) → request index, to place telemetry in spans. */
  requestIds: Map<string, number>;
  startedAtMs: number; // wall clock of the run start, to place telemetry timestamps
  samples: ReplicaSample[];
  memoryMB: Record<string, number>;
  run: RunOutcome;
  /** Asynchronous runs: queue wait, time to callback, duplicates (async-result.ts). */
  async?: AsyncSummary;
  info: Omit<LiveInfo, 'unmeasured' | 'stopped'>;
}

function counts(): Record<string, number> {
  return Object.fromEntries(OUTCOME_NAMES.map((n) => [n, 0]));
}

/** Concurrent calls of `fn` at time t, from telemetry intervals (the stage's own view). */
function inflightAt(telemetry: TelemetryRecord[], startMs: number, fn: string, t: number): number {
  const at = startMs + t * 1000;
  return telemetry.filter((r) => r.stage === fn && r.startedAtMs <= at && r.endedAtMs > at).length;
}

export function buildLiveResult(d: LiveRunData): LiveResult {
  const e2e = new LogHistogram();
  const outcomes = counts();
  let attempts = 0;
  for (const r of d.requests) {
    outcomes[r.outcome]!++;
    attempts += r.attempts.length;
    if (r.outcome === 'ok') e2e.record(r.latency);
  }
  const fnHist = new Map(d.functions.map((f) => [f, new LogHistogram()]));
  const functions: Record<string, FunctionSummary> = {};
  for (const fn of d.functions) {
    const own = counts();
    for (const c of d.requests.flatMap((r) => r.calls).filter((c) => c.fn === fn)) {
      own[c.outcome]!++;
      if (c.outcome === 'ok') fnHist.get(fn)!.record(c.latency);
    }
    const tel = d.telemetry.filter((r) => r.stage === fn);
    const live = d.samples.filter((s) => s.t > 0 && s.replicas[fn] !== undefined).map((s) => s.replicas[fn]!);
    functions[fn] = {
      // Calls as the requests reported them, or as the stage's telemetry counts them when it
      // saw more: a failed pipeline reports only its own call, and orphaned calls none.
      calls: Math.max(Object.values(own).reduce((a, b) => a + b, 0), tel.length),
      outcomes: own,
      latency: latencyOf(fnHist.get(fn)!),
      coldStarts: tel.filter((r) => r.coldStart).length,
      firstCalls: tel.filter((r) => r.firstCall).length,
      heldCalls: NaN,
      ooms: NaN,
      maxInflightPerReplica: tel.length ? Math.max(...tel.map((r) => r.inflightAtStart + 1)) : NaN,
      minReplicas: live.length ? Math.min(...live) : NaN,
      maxReplicas: live.length ? Math.max(...live) : NaN,
    };
  }
  // Replica GB-s: replicas held between samples times the function's memory limit.
  let replicaGBs = d.samples.length > 1 ? 0 : NaN;
  for (let i = 1; i < d.samples.length; i++) {
    const dt = d.samples[i]!.t - d.samples[i - 1]!.t;
    for (const fn of d.functions) {
      const mb = d.memoryMB[fn];
      replicaGBs += mb === undefined ? NaN : ((d.samples[i - 1]!.replicas[fn] ?? 0) * mb * dt) / 1024;
    }
  }
  const pipeline = d.target === 'pipeline' || d.target === 'workflow'; // the orchestrator writes state.json
  const sum = (xs: (number | undefined)[]) => xs.reduce<number>((a, b) => a + (b ?? 0), 0);
  const aborts: Record<string, number> = {};
  for (const r of d.requests) {
    if (r.abort) aborts[`${r.abort.stage} ${r.abort.outcome}`] = (aborts[`${r.abort.stage} ${r.abort.outcome}`] ?? 0) + 1;
  }
  const replication: ReplicationSummary = {
    seed: d.seed,
    end: d.run.end,
    events: NaN,
    cutOff: d.run.cutOff,
    requests: d.requests.length,
    attempts,
    retries: attempts - d.requests.length,
    successRate: d.requests.length ? outcomes.ok! / d.requests.length : NaN,
    outcomes,
    latency: latencyOf(e2e),
    functions,
    aborts: Object.fromEntries(Object.entries(aborts).sort()),
    orphans: { calls: NaN, seconds: NaN },
    cost: { replicaGBs, busyGBs: NaN, idleGBs: NaN, invocationGBs: sum(d.telemetry.map((r) => r.costUnits)) },
    state: pipeline
      ? { writes: sum(d.requests.map((r) => r.stateWrites)), lostUpdates: sum(d.requests.map((r) => r.lostUpdates)), conflicts: NaN }
      : { writes: 0, lostUpdates: 0, conflicts: 0 },
    unschedulable: NaN,
    ...(d.async ? { async: d.async } : {}),
  };
  const { seed: _s, cutOff: _c, ...rest } = replication;
  const series: Record<string, FnSeries> = {};
  for (const fn of d.functions) {
    series[fn] = {
      ready: d.samples.map((s) => s.ready[fn] ?? 0),
      replicas: d.samples.map((s) => s.replicas[fn] ?? 0),
      inflight: d.samples.map((s) =>
        fn === d.fn ? d.requests.flatMap((r) => r.attempts).filter((a) => a.start <= s.t && a.start + a.latency > s.t).length : inflightAt(d.telemetry, d.startedAtMs, fn, s.t),
      ),
      queued: d.samples.map(() => 0),
    };
  }
  const variant: VariantResult = {
    name: 'live',
    overrides: {},
    seeds: [d.seed],
    summary: aggregate([rest]),
    replications: [replication],
    histograms: { e2e: e2e.toJSON(), functions: Object.fromEntries([...fnHist].map(([k, h]) => [k, h.toJSON()])) },
    timeSeries: { t: d.samples.map((s) => s.t), functions: series },
    spans: spansOf(d),
  };
  return {
    format: RESULT_FORMAT,
    kind: 'live',
    scenario: d.scenario,
    profile: { path: null, source: null, date: null },
    variants: [variant],
    live: { ...d.info, stopped: d.run.stopped, unmeasured: UNMEASURED },
  };
}

/** Spans of the first `output.spans` requests (default 20, as the simulator): each attempt, and each stage call. */
function spansOf(d: LiveRunData): Span[] {
  const limit = d.scenario.output?.spans ?? 20;
  const spans: Span[] = [];
  for (const r of d.requests.filter((x) => x.index < limit)) {
    for (const a of r.attempts) {
      spans.push({ request: r.index, fn: d.fn, clip: -1, frame: -1, start: a.start, route: null, end: a.start + a.latency, outcome: a.outcome, cold: false, firstCall: false });
    }
  }
  for (const t of d.telemetry) {
    const index = d.requestIds.get(t.requestId);
    if (index === undefined || index >= limit || t.stage === d.fn) continue;
    const start = (t.startedAtMs - d.startedAtMs) / 1000;
    spans.push({ request: index, fn: t.stage, clip: -1, frame: -1, start, route: start, end: (t.endedAtMs - d.startedAtMs) / 1000, outcome: t.status === 'ok' ? 'ok' : String(t.httpCode), cold: t.coldStart, firstCall: t.firstCall });
  }
  return spans.sort((a, b) => a.request - b.request || a.start - b.start);
}
