import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildProfile } from '../profile/build-profile.ts';
import { collect } from './collect.ts';
import { parsePlan } from './plan.ts';
import type { WarmRecord } from './steps.ts';
import { openWorkDir } from './work-dir.ts';

const plan = parsePlan({ stages: 'ffmpeg-0', concurrency: '1' });
const work = (records: WarmRecord[]) => {
  const w = openWorkDir(mkdtempSync(path.join(tmpdir(), 'fave-collect-')));
  for (const r of records) w.append<WarmRecord>('ffmpeg-0.warm', r);
  return w;
};

describe('collect: gateway overhead', () => {
  it('is the client latency less X-Duration-Seconds when the gateway sends it', () => {
    const m = collect(work([{ latency: 1.05, xDuration: 1, duration: 0.98, cpu: 0.9 }]), plan, undefined);
    expect(m.gateway[0]).toBeCloseTo(0.05, 9);
  });

  it('is the client latency less the telemetry\'s duration when the gateway sends no header (a real gateway)', () => {
    const m = collect(work([{ latency: 1.05, xDuration: null, duration: 0.98, cpu: 0.9 }]), plan, undefined);
    expect(m.gateway[0]).toBeCloseTo(0.07, 9);
    expect(m.gatewayUnmeasured).toBe(0);
  });

  it('is unknown without either, and the profile says so instead of adding none silently', () => {
    const m = collect(work([{ latency: 1.05, xDuration: null, duration: 1.05 }, { latency: 1.1, xDuration: null, duration: 1.1 }]), plan, undefined);
    expect(m.gateway).toEqual([]);
    expect(m.gatewayUnmeasured).toBe(2);
    const p = buildProfile(m, { cores: 2, measured: { source: 'live', date: '2026-12-07' } });
    expect(p.overheads?.gateway).toBeUndefined();
    expect(p.measured.notes).toContain('gateway: overhead not measured: none of 2 warm calls carried X-Duration-Seconds or telemetry to subtract from the client\'s latency; the simulator adds none.');
  });
});
