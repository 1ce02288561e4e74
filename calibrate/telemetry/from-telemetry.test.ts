import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProfile } from '../../sim/profile/load.ts';
import { TELEMETRY_FORMAT, type TelemetryRecord } from '../../stages/runtime/telemetry.ts';
import { InputError } from '../errors.ts';
import { buildProfile } from '../profile/build-profile.ts';
import { measurementsFromTelemetry } from './from-telemetry.ts';
import { readTelemetry } from './read-telemetry.ts';
import { profileFromSource } from './profile-from-source.ts';

let clock = Date.UTC(2026, 0, 1);
function record(stage: string, requestId: string, seconds: number, o: Partial<TelemetryRecord> = {}): TelemetryRecord {
  const start = (clock += 10_000);
  return {
    format: TELEMETRY_FORMAT, requestId, stage, replicaId: `${stage}-1`, callId: null,
    startedAt: new Date(start).toISOString(), endedAt: new Date(start + seconds * 1000).toISOString(),
    startedAtMs: start, endedAtMs: Math.round(start + seconds * 1000), durationSeconds: seconds, coldStart: false, firstCall: false,
    phases: { download: 0, compute: seconds, upload: 0 }, cpuSeconds: seconds / 2, status: 'ok', httpCode: 200,
    memoryLimitMB: 1024, memoryLimitSource: 'env', rssMB: 120, inflightAtStart: 0, bytesIn: 1, bytesOut: 1, costUnits: seconds, ...o,
  };
}

function runDir(records: TelemetryRecord[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fave-tel-'));
  writeFileSync(path.join(dir, 'telemetry.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return dir;
}

describe('from telemetry', () => {
  it('measurementsFromTelemetry() splits warm, first and concurrent calls and counts the fan-out', () => {
    const recs: TelemetryRecord[] = [];
    for (let r = 0; r < 4; r++) {
      const id = `req-${r}`;
      recs.push(record('ffmpeg-1', id, 0.4 + r * 0.01, r === 0 ? { firstCall: true, coldStart: true, phases: { init: 0.3, download: 0, compute: 1.4, upload: 0 }, durationSeconds: 1.4 } : {}));
      for (let c = 0; c < 2; c++) recs.push(record('ffmpeg-2', id, 1 + c * 0.1), record('ffmpeg-3', id, 0.5));
      for (let f = 0; f < 6; f++) recs.push(record('object-detector', id, 0.3 + f * 0.01, f === 5 ? { inflightAtStart: 1, durationSeconds: 0.6 } : {}));
    }
    const m = measurementsFromTelemetry(recs);
    expect(m.stages['ffmpeg-1']!.warm).toHaveLength(3);
    expect(m.stages['ffmpeg-1']!.firstCall).toEqual([1.4]);
    expect(m.stages['ffmpeg-1']!.init).toEqual([0.3]);
    expect(m.clipsPerVideo).toEqual([2, 2, 2, 2]);
    expect(m.framesPerClip).toEqual(Array(8).fill(3));
    expect(m.stages['object-detector']!.contention.map((l) => l.concurrency)).toEqual([1, 2]);
    const profile = buildProfile(m, { cores: 2, measured: { source: 'telemetry', date: '2026-01-01' } });
    expect(() => parseProfile(JSON.parse(JSON.stringify(profile)), 'test')).not.toThrow();
    expect(profile.stages['ffmpeg-1']!.firstCall.n).toBe(1);
    expect(profile.stages['ffmpeg-1']!.containerStart.warning).toMatch(/assumed/);
    expect(profile.stages['object-detector']!.contention![1]!.slowdown).toBeCloseTo(0.6 / 0.325, 1);
  });

  it('readTelemetry() reads a run directory and names the line of a malformed record', () => {
    const good = record('ffmpeg-1', 'r', 0.5);
    expect(readTelemetry(runDir([good])).records).toHaveLength(1);
    const dir = runDir([good]);
    writeFileSync(path.join(dir, 'telemetry.jsonl'), `${JSON.stringify(good)}\n{"format":"fave.telemetry/v1","stage":3}\n`);
    expect(() => readTelemetry(dir)).toThrow(InputError);
    expect(() => readTelemetry(dir)).toThrow(/telemetry\.jsonl:2: telemetry record/);
    writeFileSync(path.join(dir, 'telemetry.jsonl'), '{not json\n');
    expect(() => readTelemetry(dir)).toThrow(/telemetry\.jsonl:1: not valid JSON/);
    expect(() => readTelemetry(path.join(dir, 'missing'))).toThrow(/no such file or directory/);
    expect(() => readTelemetry(tmpdir() + '/' + path.basename(mkdtempSync(path.join(tmpdir(), 'fave-empty-'))))).toThrow(/without telemetry\.jsonl/);
  });

  it('profileFromSource() reads the original FAVE CSV with its requests.csv, and a run directory, and names a missing file', async () => {
    const csvPath = path.resolve(import.meta.dirname, '../../data/fave/stage_invocations.csv');
    const csv = await profileFromSource(csvPath, 8, {});
    expect(csv.profile.measured.source).toBe('fave-csv');
    expect(Object.keys(csv.profile.stages)).toHaveLength(7);
    expect(csv.report.some((l) => l.startsWith('fit contention'))).toBe(true);
    const dir = runDir([record('ffmpeg-1', 'r', 0.5), record('ffmpeg-1', 'r', 0.6)]);
    const p = await profileFromSource(dir, 2, { fave: 'test' });
    expect(p.profile).toMatchObject({ measured: { source: 'telemetry', versions: { fave: 'test' } }, node: { cores: 2 } });
    expect(p.profile.stages['ffmpeg-1']!.warm.n).toBe(2);
    expect(p.report).toEqual([]);
    await expect(profileFromSource(path.join(dir, 'nope.csv'), 2, {})).rejects.toThrow(InputError);
    // A stage CSV without its request log says which file is missing and how to give it.
    const lone = path.join(mkdtempSync(path.join(tmpdir(), 'fave-csv-')), 'stage_invocations.csv');
    writeFileSync(lone, readFileSync(csvPath, 'utf8'));
    await expect(profileFromSource(lone, 8, {})).rejects.toThrow(/requests\.csv: no such file.*--requests <file>/);
    const withFlag = await profileFromSource(lone, 8, {}, { requests: path.join(path.dirname(csvPath), 'requests.csv') });
    expect(withFlag.profile.stages['librosa']!.warm.n).toBe(csv.profile.stages['librosa']!.warm.n);
  });
});
