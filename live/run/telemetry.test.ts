import { describe, expect, it } from 'vitest';
import type { TelemetryRecord } from '../../stages/runtime/telemetry.ts';
import { telemetryOf, telemetryOfLogLine } from './telemetry.ts';

const record: TelemetryRecord = {
  format: 'fave.telemetry/v1', requestId: 'r-1', stage: 'librosa', replicaId: 'h-1', callId: null,
  startedAt: '2026-01-01T00:00:00.000Z', endedAt: '2026-01-01T00:00:01.000Z', startedAtMs: 0, endedAtMs: 1000, durationSeconds: 1,
  coldStart: false, firstCall: false, phases: { download: 0, compute: 1, upload: 0 }, cpuSeconds: 1, status: 'ok', httpCode: 200,
  memoryLimitMB: 1024, memoryLimitSource: 'env', rssMB: 50, inflightAtStart: 0, bytesIn: 1, bytesOut: 1, costUnits: 1,
};

describe('telemetryOf', () => {
  it('telemetryOf reads the stage calls of an orchestrator summary and its own record', () => {
    const own = { ...record, stage: 'orchestrator' };
    expect(telemetryOf({ calls: [{ metrics: record }, { metrics: { bad: true } }], metrics: own })).toEqual([record, own]);
    expect(telemetryOf(undefined)).toEqual([]);
  });
});

describe('telemetryOfLogLine', () => {
  it('telemetryOfLogLine reads the record of a replica stdout line as the provider logs it', () => {
    expect(telemetryOfLogLine(`[librosa-1] ${JSON.stringify(record)}`)).toEqual(record);
  });

  it('telemetryOfLogLine ignores other lines and records that do not validate', () => {
    expect(telemetryOfLogLine('[librosa-1] [librosa] listening on http://127.0.0.1:1')).toBeUndefined();
    expect(telemetryOfLogLine(`[librosa-1] ${JSON.stringify({ ...record, stage: 5 })}`)).toBeUndefined();
    expect(telemetryOfLogLine(`Deployment created: ${JSON.stringify(record)}`)).toBeUndefined();
  });
});
