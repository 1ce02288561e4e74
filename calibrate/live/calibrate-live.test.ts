import http from 'node:http';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProfile } from '../../sim/profile/load.ts';
import { TargetError } from '../errors.ts';
import { parsePlan, planUnits } from './plan.ts';
import type { DriftRecord } from './drift-probe.ts';
import { calibrateLive, type LiveCalibration } from './run-live.ts';
import { openWorkDir } from './work-dir.ts';
import { checkTarget } from './target.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
// One light stage, tiny counts: the whole plan is 14 units (15 calls).
const plan = parsePlan({ stages: 'ffmpeg-0', warm: '3', 'warm-gap': '1', 'drift-minutes': '0.05', 'drift-period': '1', cold: '1', concurrency: '1,2', 'contention-calls': '2', 'neighbour-calls': '1', 'no-fanout': true, 's3-sizes': '1000', 's3-reps': '1' });
const base = (workDir: string, signal = new AbortController().signal): LiveCalibration => ({
  root: ROOT, env: {}, workDir, plan, quiet: true, signal, versions: { test: '1' },
  // The machine is judged quiet whatever its load: the tests run beside others.
  machine: { judgeIdle: () => ({ busy: false, reasons: [] }), judgeDuringRun: () => ({ busy: false, reasons: [] }), precheckSeconds: 0.5 },
});

describe('calibrateLive on the embedded platform', () => {
  it('calibrateLive() keeps the calls of an interrupted run and a re-run resumes from them', async () => {
    const workDir = mkdtempSync(path.join(tmpdir(), 'fave-cal-'));
    const stop = new AbortController();
    let calls = 0;
    const first = await calibrateLive({ ...base(workDir, stop.signal), onCall: () => ++calls === 2 && stop.abort() });
    expect(first.interrupted).toBe(true);
    expect(first.profile!.stages['ffmpeg-0']!.warm.n).toBe(2);
    expect(first.profile!.measured.notes!.join('\n')).toMatch(/incomplete: the run stopped early \(interrupted\)/);
    expect(first.profile!.status).toBe('incomplete');

    let resumed = 0;
    const second = await calibrateLive({ ...base(workDir), onCall: () => resumed++ });
    expect(second.error).toBeUndefined();
    expect(resumed).toBe(planUnits(plan) - 2); // only what was missing
    const p = parseProfile(JSON.parse(JSON.stringify(second.profile)), 'test');
    const s = p.stages['ffmpeg-0']!;
    expect(s.warm.n).toBe(3);
    expect(s.warm.samples!.every((x) => x > 0)).toBe(true);
    expect(s.containerStart.n).toBe(1);
    expect(s.containerStart.warning).toMatch(/only 1 samples/);
    expect(s.contention!.map((c) => c.concurrency)).toEqual([1, 2]);
    // One pair alone / beside an x264 neighbour: measured, noted, and never negative.
    expect(s.interference).toBeGreaterThanOrEqual(0);
    expect(p.measured.notes!.some((n) => /^ffmpeg-0: interference [\d.]+: beside 1 single-threaded x264 encode\(s\) a call took [\d.]+× as long as alone \(median of 1 pairs\)/.test(n))).toBe(true);
    expect(p.overheads!.gateway!.n).toBe(3);
    expect(p.overheads!.s3Put!.n).toBe(1);
    expect(p.measured).toMatchObject({ source: 'live', target: 'embedded' });
    // Complete, with the host and the machine's conditions while it ran.
    expect(p.status).toBe('complete');
    expect(p.host!.cores).toBeGreaterThan(0);
    expect(p.conditions).toMatchObject({ busy: false, forced: false });
    expect(p.conditions!.probe.baseline).toBeGreaterThan(0);
    expect(p.conditions!.samples).toBeGreaterThan(0);
    // One stage cannot tell the machine's drift from its own noise: the probe is skipped, and says so.
    expect(p.measured.notes!.some((n) => n.startsWith('drift probe skipped: it needs 3 stages or more (--stages names 1)'))).toBe(true);
    expect(readdirSync(path.join(workDir, 'steps')).sort()).toEqual(
      ['ffmpeg-0.cold.json', 'ffmpeg-0.contention.1.json', 'ffmpeg-0.contention.2.json', 'ffmpeg-0.neighbour.json', 'ffmpeg-0.warm.json', 'inputs.json', 's3.1000.json', 'target.json'],
    );
  }, 90_000); // ~25 s on a quiet machine; the guard is for a loaded one

  it('calibrateLive() takes warm calls and the drift probe in turns across the stages, so a slow minute biases them alike', async () => {
    const three = parsePlan({ stages: 'ffmpeg-0,librosa,ffmpeg-1', warm: '3', 'warm-gap': '0', 'drift-minutes': '0.17', 'drift-period': '1', cold: '0', concurrency: '1', 'contention-calls': '0', 'neighbour-calls': '0', 'no-fanout': true, 's3-sizes': '1000', 's3-reps': '0' });
    const labels: string[] = [];
    const workDir = mkdtempSync(path.join(tmpdir(), 'fave-cal-'));
    const r = await calibrateLive({ ...base(workDir), plan: three, onCall: (l) => labels.push(l) });
    expect(r.error).toBeUndefined();
    const turn = ['ffmpeg-0', 'librosa', 'ffmpeg-1'];
    const turns = (n: number, suffix: string) => Array.from({ length: n }, () => turn.map((st) => `${st} ${suffix}`)).flat();
    expect(labels.filter((l) => l.endsWith(' warm'))).toEqual(turns(3, 'warm'));
    // Ten probe turns (0.17 min, one a second at most), each stage on one input, turns a period apart.
    expect(labels.filter((l) => l.endsWith(' drift probe'))).toEqual(turns(10, 'drift probe'));
    const probe = openWorkDir(workDir).records<DriftRecord>('ffmpeg-0.drift');
    expect(probe.every((d) => d.duration > 0)).toBe(true);
    for (let i = 1; i < probe.length; i++) expect(probe[i]!.at - probe[i - 1]!.at).toBeGreaterThanOrEqual(0.99);
    // Whether ten seconds show any drift is up to the machine; if they do, the probe carries it.
    const speedNote = r.profile!.measured.notes!.find((n) => n.startsWith('node.speed:'));
    if (speedNote) expect(speedNote).toMatch(/turns of drift-probe calls across 3 stages/);
    expect(r.profile!.stages.librosa!.warm.n).toBe(3);
    // The gateway, provider and S3 server run in this process: their CPU per call is measured.
    expect(r.profile!.measured.notes!.some((n) => /^librosa: cpu includes \d+(\.\d+)? CPU s per call \(median of 3, .*embedded platform/.test(n))).toBe(true);
  }, 90_000);

  it('calibrateLive() reports an unreachable gateway and measures nothing', async () => {
    const env = { OPENFAAS_URL: 'http://127.0.0.1:9', OPENFAAS_PASSWORD: 'x', S3_ENDPOINT: 'http://127.0.0.1:9', S3_ACCESS_KEY: 'a', S3_SECRET_KEY: 'b' };
    const r = await calibrateLive({ ...base(mkdtempSync(path.join(tmpdir(), 'fave-cal-'))), env });
    expect(r.error).toBeInstanceOf(TargetError);
    expect((r.error as Error).message).toMatch(/cannot reach the gateway at http:\/\/127\.0\.0\.1:9/);
    expect(r.profile).toBeUndefined();
  });

  it('calibrateLive() asks for S3_ENDPOINT with OPENFAAS_URL, not for a password a gateway may not need', async () => {
    const r = await calibrateLive({ ...base(mkdtempSync(path.join(tmpdir(), 'fave-cal-'))), env: { OPENFAAS_URL: 'http://127.0.0.1:9' } });
    expect((r.error as Error).message).toMatch(/S3_ENDPOINT is not/);
  });

  it('checkTarget() names refused credentials and functions that are not deployed', async () => {
    const server = http.createServer((req, res) => {
      if (req.headers.authorization !== `Basic ${Buffer.from('admin:right').toString('base64')}`) return void res.writeHead(401).end('invalid credentials');
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify([{ name: 'librosa' }]));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const wrong = `Basic ${Buffer.from('admin:wrong').toString('base64')}`;
      await expect(checkTarget({ url, authorization: wrong }, ['librosa'])).rejects.toThrow(/refused the credentials \(401/);
      await expect(checkTarget({ url, authorization: undefined }, ['librosa'], '/x/secrets')).rejects.toThrow(/needs credentials .*set OPENFAAS_PASSWORD .*basic-auth-password in \/x\/secrets/);
      const right = `Basic ${Buffer.from('admin:right').toString('base64')}`;
      await expect(checkTarget({ url, authorization: right }, ['librosa', 'ffmpeg-1'])).rejects.toThrow(/not deployed on .*: ffmpeg-1 \(deployed: librosa\)/);
      await expect(checkTarget({ url, authorization: right }, ['librosa'])).resolves.toBeUndefined();
    } finally {
      server.close();
    }
  });
});
