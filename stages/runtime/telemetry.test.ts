import { describe, expect, it } from 'vitest';
import { parseTelemetryLines, TelemetryFormatError, validateTelemetry, type TelemetryRecord } from './telemetry.ts';

const record: TelemetryRecord = {
  format: 'fave.telemetry/v1', requestId: 'r1', stage: 'ffmpeg-0', replicaId: 'host-1', callId: null,
  startedAt: '2025-01-01T00:00:00.000Z', endedAt: '2025-01-01T00:00:01.500Z', startedAtMs: 1735689600000,
  endedAtMs: 1735689601500, durationSeconds: 1.5, coldStart: true, firstCall: true,
  phases: { init: 0.2, download: 0.1, compute: 1.2, upload: 0.1 }, cpuSeconds: 1.1, status: 'ok', httpCode: 200,
  memoryLimitMB: 512, memoryLimitSource: 'env', rssMB: 80, inflightAtStart: 0, bytesIn: 10, bytesOut: 20, costUnits: 0.75,
};

describe('validateTelemetry', () => {
  it('validateTelemetry accepts a complete record', () => {
    expect(validateTelemetry(structuredClone(record))).toEqual(record);
  });

  it.each([
    [{ stage: '' }, '/stage'],
    [{ phases: { download: 0, compute: -1, upload: 0 } }, '/phases/compute'],
    [{ status: 'maybe' }, '/status'],
    [{ startedAt: 'yesterday' }, '/startedAt'],
    [{ extra: 1 }, '(root)'],
    [{ endedAtMs: 1 }, '/endedAtMs'],
    [{ status: 'error' }, '/cause'],
    [{ cause: 'internal' }, '/cause'],
  ])('validateTelemetry rejects %j naming %s', (patch, path) => {
    expect(() => validateTelemetry({ ...record, ...patch })).toThrow(TelemetryFormatError);
    expect(() => validateTelemetry({ ...record, ...patch })).toThrow(path);
  });
});

describe('parseTelemetryLines', () => {
  it('parseTelemetryLines keeps telemetry lines and skips other output', () => {
    const text = `starting\n${JSON.stringify(record)}\n{"format":"other"}\n\n${JSON.stringify({ ...record, requestId: 'r2' })}\n`;
    expect(parseTelemetryLines(text).map((r) => r.requestId)).toEqual(['r1', 'r2']);
  });

  it('parseTelemetryLines fails on a line that claims the format but is invalid', () => {
    expect(() => parseTelemetryLines(JSON.stringify({ ...record, httpCode: 'ok' }))).toThrow(/httpCode/);
  });
});
