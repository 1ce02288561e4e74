// A run directory written from one simulated replication, in the live run-dir format
// (live/run/run-dir.ts): what a perfectly calibrated platform would have recorded. Used by
// the tests: a run replayed with the profile that made it must score as a match, and one
// made with a perturbed profile as a miss.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CalibrationProfile } from '../../sim/profile/types.ts';
import { runReplication } from '../../sim/run/replication.ts';
import { resolveScenario } from '../../sim/scenario/resolve.ts';
import type { Scenario } from '../../sim/scenario/types.ts';
import { TELEMETRY_FORMAT, type TelemetryRecord } from '../../stages/runtime/telemetry.ts';

export function writeSyntheticRun(dir: string, scenario: Scenario, profile: CalibrationProfile, seed: number): void {
  const cfg = resolveScenario({ ...scenario, output: { ...scenario.output, spans: 1e9 } }, profile, 'synthetic', null);
  const rec = runReplication(cfg, seed).recorder;
  const target = cfg.target === 'workflow' ? 'orchestrator' : typeof cfg.target === 'number' ? cfg.functions[cfg.target]!.name : 'trace';
  const byRequest = new Map<number, typeof rec.spans>();
  for (const s of rec.spans) byRequest.set(s.request, [...(byRequest.get(s.request) ?? []), s]);
  const requests: object[] = [];
  const telemetry: TelemetryRecord[] = [];
  const t0 = Date.UTC(2026, 0, 1);
  for (const [index, spans] of [...byRequest].sort((a, b) => a[0] - b[0])) {
    const attempts = spans.filter((s) => s.fn === target).sort((a, b) => a.start - b.start);
    const first = attempts[0]!;
    const last = attempts[attempts.length - 1]!;
    requests.push({
      index, arrival: first.start, sent: first.start, end: last.end, outcome: last.outcome, latency: last.end - first.start,
      attempts: attempts.map((a) => ({ start: a.start, outcome: a.outcome, status: null, latency: a.end - a.start, callId: null })),
      calls: spans.map((s) => ({ fn: s.fn, outcome: s.outcome, latency: s.end - s.start })),
    });
    for (const s of spans) {
      if (s.route === null) continue;
      const startMs = Math.round(t0 + s.route * 1000);
      const endMs = Math.max(startMs, Math.round(t0 + s.end * 1000));
      const duration = (endMs - startMs) / 1000;
      telemetry.push({
        format: TELEMETRY_FORMAT, requestId: `synthetic-${index}`, stage: s.fn, replicaId: `${s.fn}-sim`, callId: null,
        startedAt: new Date(startMs).toISOString(), endedAt: new Date(endMs).toISOString(), startedAtMs: startMs, endedAtMs: endMs,
        durationSeconds: duration, coldStart: s.firstCall, firstCall: s.firstCall, phases: { download: 0, compute: duration, upload: 0 },
        cpuSeconds: duration, status: s.outcome === 'ok' ? 'ok' : 'error', httpCode: s.outcome === 'ok' ? 200 : 500,
        ...(s.outcome === 'ok' ? {} : { cause: 'internal' as const }),
        memoryLimitMB: 1024, memoryLimitSource: 'env', rssMB: 100, inflightAtStart: 0, bytesIn: 0, bytesOut: 0, costUnits: duration,
      });
    }
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'scenario.json'), `${JSON.stringify(scenario, null, 2)}\n`);
  writeFileSync(path.join(dir, 'requests.jsonl'), requests.map((r) => JSON.stringify(r)).join('\n') + '\n');
  writeFileSync(path.join(dir, 'telemetry.jsonl'), telemetry.map((r) => JSON.stringify(r)).join('\n') + '\n');
}
