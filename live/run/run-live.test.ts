// A live run end to end on the embedded platform (S3 + provider + gateway, real ffmpeg-0 on
// the 6 s fixture): the run directory, the schema, the simulator's arrivals, Ctrl-C.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OUTCOME_NAMES } from '../../sim/model/outcome.ts';
import { loadProfile } from '../../sim/profile/load.ts';
import { runScenario } from '../../sim/run/run-scenario.ts';
import { parseScenario } from '../../sim/scenario/load.ts';
import { validateAgainst } from '../../sim/scenario/schema-validator.ts';
import type { Scenario } from '../../sim/scenario/types.ts';
import { ensureFixtures } from '../../stages/fixtures/generate.ts';
import { REPO_ROOT } from '../e2e/platform.ts';
import { startS3Server } from '../s3/startS3Server.ts';
import type { RequestRecord } from './runner.ts';
import { runCommand } from './command.ts';
import { startEmbedded } from './embedded.ts';
import { runLive } from './run-live.ts';
import { readProcessStat } from '../../sim/process/process-stat.ts';

let work: string;
let video: string;
const PROFILE = path.join(REPO_ROOT, 'profiles/default.json');

const scenario = (over: Partial<Scenario>): Scenario => ({
  format: 'fave.scenario/v1', name: 'live-e2e', seed: 7, horizon: 4, target: 'ffmpeg-0', profile: PROFILE, regime: 'warm',
  workload: { executor: 'poisson', rate: 1, duration: 4 },
  client: { timeout: 60 },
  platform: {
    edition: 'community', gateway: { upstreamTimeout: 60 },
    provider: { timeout: 60, readinessInitialDelay: 0.2, readinessPeriod: 0.2 },
    defaults: { execTimeout: 60, scaling: { mode: 'fixed', min: 1 } },
  },
  ...over,
});

function write(name: string, s: Scenario): string {
  const file = path.join(work, `${name}.json`);
  writeFileSync(file, JSON.stringify(s));
  return file;
}

/** Pids of machine probes (live/machine/probe.mjs) still running as children of this process. */
function probesOfThisProcess(): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number).filter((pid) => {
    const stat = readProcessStat(pid);
    if (!stat || stat.ppid !== process.pid || stat.state === 'Z') return false;
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('probe.mjs');
    } catch {
      return false;
    }
  });
}

const lines = <T>(file: string): T[] => readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'fave-live-run-'));
  video = (await ensureFixtures()).noAudio;
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('runLive on the embedded platform', () => {
  it('runLive records every request, its telemetry and a schema-valid live result, with the simulator\'s arrivals', async () => {
    const s = scenario({});
    const file = write('warm', s);
    const report = await runLive({ scenarioPath: file, root: REPO_ROOT, env: {}, video, outDir: path.join(work, 'runs'), dataDir: path.join(work, 'data'), log: () => undefined });

    expect(readdirSync(report.dir).sort()).toEqual(['host.json', 'machine.jsonl', 'platform.log', 'requests.jsonl', 'result.json', 'scenario.json', 'telemetry.jsonl']);
    // The machine beside the run: a sample a second, and the probe gone with the run.
    const machine = lines<{ t: number; probe: number; load1: number; run?: number }>(path.join(report.dir, 'machine.jsonl'));
    expect(machine.length).toBeGreaterThanOrEqual(1);
    expect(machine.every((m) => Number.isFinite(m.t) && m.probe > 0 && Number.isFinite(m.load1))).toBe(true);
    // Samples after the arrivals' clock started carry it, behind the recorder's own clock.
    const onRunClock = machine.filter((m) => m.run !== undefined);
    expect(onRunClock.length).toBeGreaterThanOrEqual(1);
    expect(onRunClock.every((m) => m.run! >= 0 && m.run! <= m.t)).toBe(true);
    expect(probesOfThisProcess()).toEqual([]);
    expect(path.basename(report.dir)).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ-live-e2e$/);
    expect(JSON.parse(readFileSync(path.join(report.dir, 'scenario.json'), 'utf8'))).toEqual(s);
    const result = JSON.parse(readFileSync(path.join(report.dir, 'result.json'), 'utf8'));
    expect(validateAgainst('result.schema.json', result)).toEqual([]);
    expect(report.schemaProblem).toBeNull();
    expect(result).toMatchObject({ kind: 'live', live: { embedded: true, stopped: false, regime: { regime: 'warm' }, warmUp: { requests: 1 } } });

    // The simulator's first attempt of each request starts at its arrival: the same times.
    const sim = runScenario(parseScenario(s, file), await loadProfile(PROFILE), PROFILE, file, { replications: 1 });
    const simArrivals = new Map<number, number>();
    for (const span of sim.variants[0]!.spans) simArrivals.set(span.request, Math.min(span.start, simArrivals.get(span.request) ?? Infinity));
    const requests = lines<RequestRecord>(path.join(report.dir, 'requests.jsonl')).sort((a, b) => a.index - b.index);
    expect(requests.length).toBeGreaterThan(1);
    expect(requests.map((r) => r.arrival)).toEqual([...simArrivals.keys()].sort((a, b) => a - b).map((i) => simArrivals.get(i)));

    for (const r of requests) {
      expect(OUTCOME_NAMES).toContain(r.outcome);
      expect(r.outcome).toBe('ok');
      expect(r.end).toBeGreaterThanOrEqual(r.sent);
    }
    // One telemetry record per request, from the stage itself; the warm-up took the first call.
    const telemetry = lines<{ requestId: string; stage: string; firstCall: boolean }>(path.join(report.dir, 'telemetry.jsonl'));
    expect(telemetry.map((t) => t.requestId).sort()).toEqual(requests.map((r) => r.attempts[0]!.requestId).sort());
    expect(telemetry.every((t) => t.stage === 'ffmpeg-0' && !t.firstCall)).toBe(true);
    expect(result.variants[0].replications[0]).toMatchObject({ requests: requests.length, successRate: 1, functions: { 'ffmpeg-0': { coldStarts: 0, minReplicas: 1, maxReplicas: 1 } } });

    // Where the artifacts are: every request's folder under the run's prefix, in the data folder's S3.
    expect(report.artifacts).toEqual({ prefix: expect.stringMatching(/^requests\/live-[0-9a-z]+-$/), bucket: 'fave', store: path.join(work, 'data', 's3') });
    const secret = (name: string) => readFileSync(path.join(work, 'data/secrets', name), 'utf8').trim();
    const credentials = { accessKeyId: secret('s3-access-key'), secretAccessKey: secret('s3-secret-key') };
    const s3 = await startS3Server({ dataDir: report.artifacts.store!, ...credentials });
    const client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    try {
      const listed = await client.send(new ListObjectsV2Command({ Bucket: 'fave', Prefix: report.artifacts.prefix }));
      const folders = new Set((listed.Contents ?? []).map((o) => o.Key!.split('/')[1]));
      // The warm-up request's too: it ran on the platform before the clock started.
      const runId = report.artifacts.prefix.slice('requests/'.length);
      expect([...folders].sort()).toEqual([...requests.map((r) => r.attempts[0]!.requestId), `${runId}warmup-0`].sort());
    } finally {
      client.destroy();
      await s3.close();
    }
  });

  it('runLive cold starts from zero replicas, and on Ctrl-C keeps what was recorded and sends nothing more', async () => {
    const file = write('cold', scenario({ name: 'live-cold', regime: 'cold', workload: { executor: 'trace', arrivals: [0, 0.1, 30] }, horizon: 31 }));
    const stop = new AbortController();
    const report = await runLive({
      scenarioPath: file, root: REPO_ROOT, env: {}, video, outDir: path.join(work, 'runs'), dataDir: path.join(work, 'data'), log: () => undefined,
      signal: stop.signal, graceSeconds: 30,
      // Ctrl-C once the first request is done: the second is in flight or done, the third not due.
      progress: { tty: true, write: (text) => { if (text.includes(' 1/3 ')) stop.abort(); } },
    });
    expect(report.stopped).toBe(true);
    const requests = lines<RequestRecord>(path.join(report.dir, 'requests.jsonl'));
    expect(requests.map((r) => r.index).sort()).toEqual([0, 1]);
    expect(requests.every((r) => r.outcome === 'ok')).toBe(true);
    const result = JSON.parse(readFileSync(path.join(report.dir, 'result.json'), 'utf8'));
    expect(validateAgainst('result.schema.json', result)).toEqual([]);
    expect(result.live).toMatchObject({ stopped: true, regime: { regime: 'cold', functions: [{ name: 'ffmpeg-0', replicas: 0 }] } });
    expect(result.live.notes).toContain('stopped: 1 of 3 planned arrivals were not sent');
    expect(result.variants[0].replications[0].functions['ffmpeg-0'].coldStarts).toBe(1);
    expect(result.variants[0].timeSeries.functions['ffmpeg-0'].replicas[0]).toBe(0);
    expect(existsSync(path.join(work, 'data', 'secrets', 'basic-auth-password'))).toBe(true);
    // Stopped by Ctrl-C, the machine recorder stops too.
    expect(existsSync(path.join(report.dir, 'machine.jsonl'))).toBe(true);
    expect(probesOfThisProcess()).toEqual([]);
  });

  it('runLive reproduces of-watchdog\'s exec_timeout: 504 to the caller, as simulated, while the stage\'s work runs on', async () => {
    const s = scenario({ name: 'live-exec', regime: 'cold', workload: { executor: 'trace', arrivals: [0, 0] }, horizon: 1 });
    // 1 ms: no ffmpeg call ends that soon, on an idle machine or a loaded one (50 ms was flaky).
    s.platform!.defaults = { execTimeout: 0.001, scaling: { mode: 'fixed', min: 1 } };
    const file = write('exec', s);
    const report = await runLive({ scenarioPath: file, root: REPO_ROOT, env: {}, video, outDir: path.join(work, 'runs'), dataDir: path.join(work, 'data'), log: () => undefined });
    const requests = lines<RequestRecord>(path.join(report.dir, 'requests.jsonl'));
    expect(requests.map((r) => r.outcome)).toEqual(['504', '504']);
    // The stage answered nothing itself: its records come when each call's work ended.
    const telemetry = lines<{ httpCode: number; cause: string; durationSeconds: number }>(path.join(report.dir, 'telemetry.jsonl'));
    expect(telemetry).toHaveLength(2);
    for (const t of telemetry) expect(t).toMatchObject({ httpCode: 504, cause: 'timeout' });
    expect(Math.max(...telemetry.map((t) => t.durationSeconds))).toBeGreaterThan(0.001);
    const sim = runScenario(parseScenario(s, file), await loadProfile(PROFILE), PROFILE, file, { replications: 1 });
    expect(sim.variants[0]!.replications[0]!.outcomes).toMatchObject({ '504': 2, ok: 0 });
  });

  it('npm run live -- run --all-variants runs each variant on its own platform and prints them side by side', async () => {
    const s = scenario({ name: 'live-variants', regime: 'cold', workload: { executor: 'burst', count: 1 }, horizon: 1 });
    s.compare = [{ name: 'roomy', set: {} }, { name: 'tight', set: { '/platform/defaults/execTimeout': 0.001 } }];
    const file = write('variants', s);
    let out = '';
    let err = '';
    const code = await runCommand([file, '--all-variants', '--video', video, '--out', path.join(work, 'variant-runs')], {
      env: {}, root: REPO_ROOT, signal: new AbortController().signal, tty: false, stdout: (t) => (out += t), stderr: (t) => (err += t),
    });
    expect(code).toBe(0);
    expect(err).toContain('variant 1/2: roomy');
    expect(err).toContain('variant 2/2: tight');
    const dirs = readdirSync(path.join(work, 'variant-runs')).sort();
    expect(dirs.map((d) => d.replace(/^.*Z-/, ''))).toEqual(['live-variants-roomy', 'live-variants-tight']);
    const outcomes = dirs.map((d) => lines<RequestRecord>(path.join(work, 'variant-runs', d, 'requests.jsonl')).map((r) => r.outcome));
    expect(outcomes).toEqual([['ok'], ['504']]);
    expect(out).toContain('live-variants, every variant live');
    // Wrapped at 100 columns, its continuation indented by 4: read whole.
    expect(out.replace(/\n {4}/g, ' ')).toMatch(/^artifacts in s3:\/\/fave\/requests\/live-[0-9a-z]+-\* \(embedded S3 data in \.fave\/s3; search them: \.\/fave live up, then \.\/fave search "<phrase>"; remove: \.\/fave live clean\)$/m);
    // One request per run in both: the head line says so, and the rows start with ok %.
    expect(out).toContain('1 request per run');
    expect(out).toMatch(/^roomy +100\.0 /m);
    expect(out).toMatch(/^tight +0\.0 .*504: 1\.0/m);
  });

  it('npm run live -- run --repeat runs the scenario again, each run in a directory of its own, side by side, and lists them', async () => {
    const file = write('repeat', scenario({ name: 'live-repeat', regime: 'cold', workload: { executor: 'burst', count: 1 }, horizon: 1 }));
    const outDir = path.join(work, 'repeat-runs');
    let out = '';
    let err = '';
    const code = await runCommand([file, '--repeat', '2', '--video', video, '--out', outDir, '--wide'], {
      env: {}, root: REPO_ROOT, signal: new AbortController().signal, tty: false, stdout: (t) => (out += t), stderr: (t) => (err += t),
    });
    expect(code).toBe(0);
    expect(err).toMatch(/^repeat 1\/2$/m);
    expect(err).toMatch(/^repeat 2\/2$/m);
    const dirs = readdirSync(outDir).sort().map((d) => path.join(outDir, d));
    expect(dirs).toHaveLength(2);
    // The same scenario and seed, so the same arrivals; each run answered in its own directory.
    for (const dir of dirs) expect(lines<RequestRecord>(path.join(dir, 'requests.jsonl')).map((r) => [r.arrival, r.outcome])).toEqual([[0, 'ok']]);
    expect(out).toContain('live-repeat, 2 repeats live');
    // --wide: every column, requests and p99 s among them (by default the head line says the
    // one request per run), nothing left to add.
    expect(out).toMatch(/^variant +requests +ok % +p50 s +p95 s +p99 s /m);
    expect(out).toMatch(/^#1 +1 +100\.0 /m);
    expect(out).toMatch(/^#2 +1 +100\.0 /m);
    expect(out).not.toContain('--wide adds');
    // The listing for npm run validate: the two directories, one a line, in the order they ran.
    const listing = out.slice(out.indexOf('# run directories'));
    expect(listing.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => path.resolve(REPO_ROOT, l))).toEqual(dirs);
  });

  it('npm run live -- run --repeat: a Ctrl-C between runs starts no other and keeps those done', async () => {
    const file = write('repeat-stop', scenario({ name: 'live-repeat-stop', regime: 'cold', workload: { executor: 'burst', count: 1 }, horizon: 1 }));
    const outDir = path.join(work, 'repeat-stop-runs');
    const stop = new AbortController();
    let out = '';
    let err = '';
    const code = await runCommand([file, '--repeat', '3', '--video', video, '--out', outDir, '--quiet'], {
      env: {}, root: REPO_ROOT, signal: stop.signal, tty: false, stderr: (t) => (err += t),
      // Ctrl-C once the first run is written: the second must not start.
      stdout: (t) => {
        out += t;
        if (t.startsWith('run written to ')) stop.abort();
      },
    });
    expect(code).toBe(130);
    expect(err).toMatch(/^repeat 1\/3$/m);
    expect(err).not.toMatch(/^repeat 2\/3$/m);
    expect(err).toContain('live run: stopped; not run: repeat 2/3, 3/3\n');
    const dirs = readdirSync(outDir).map((d) => path.join(outDir, d));
    expect(dirs).toHaveLength(1);
    expect(JSON.parse(readFileSync(path.join(dirs[0]!, 'result.json'), 'utf8')).live.stopped).toBe(false);
    expect(out.slice(out.indexOf('# run directories')).split('\n').filter((l) => l && !l.startsWith('#')).map((l) => path.resolve(REPO_ROOT, l))).toEqual(dirs);
  });

  it('runLive against a running gateway (OPENFAAS_URL) changes nothing on it and records the scenario fields it could not apply', async () => {
    const dataDir = path.join(work, 'remote');
    const remote = await startEmbedded({
      root: REPO_ROOT, stackFile: path.join(REPO_ROOT, 'live/openfaas/stack.yml'), env: {}, dataDir, port: '0',
      provider: { port: '0', readiness_initial_delay: '200ms', readiness_period: '200ms' }, only: ['ffmpeg-0'], log: () => undefined, platformLog: () => undefined,
    });
    try {
      const file = write('remote', scenario({ name: 'live-remote', workload: { executor: 'burst', count: 2 }, horizon: 1 }));
      const report = await runLive({
        scenarioPath: file, root: REPO_ROOT, video, outDir: path.join(work, 'runs'), log: () => undefined,
        env: {
          OPENFAAS_URL: remote.gateway.url, OPENFAAS_SECRETS_DIR: remote.secretsDir,
          S3_ENDPOINT: remote.s3!.endpoint, S3_BUCKET: remote.bucket, S3_ACCESS_KEY: remote.s3!.accessKeyId, S3_SECRET_KEY: remote.s3!.secretAccessKey,
        },
      });
      expect(report.schemaProblem).toBeNull();
      expect(report.result.live).toMatchObject({ embedded: false, gateway: remote.gateway.url });
      expect(report.result.live.settings.notApplied).toContain('$.platform.gateway.upstreamTimeout=60 (a running cluster is not reconfigured per run: set it on the cluster)');
      expect(report.result.variants[0]!.replications[0]).toMatchObject({ requests: 2, successRate: 1 });

      // The same gateway without its password: the run stops before its folder exists.
      const outDir = path.join(work, 'runs-refused');
      const refused = await runLive({
        scenarioPath: file, root: REPO_ROOT, video, outDir, log: () => undefined,
        env: { OPENFAAS_URL: remote.gateway.url, OPENFAAS_SECRETS_DIR: path.join(work, 'no-secrets') },
      }).catch((e: Error) => e);
      expect((refused as Error).message).toMatch(/needs credentials \(401 on GET \/system\/functions\): set OPENFAAS_PASSWORD/);
      expect(existsSync(outDir)).toBe(false);
    } finally {
      await remote.close();
    }
  });
});
