// `npm run live -- up` as a user runs it: npm → sh → tsx → node (gateway, provider, S3) →
// one process group per replica, nats-server and the queue-worker. Stopping npm (or killing the platform outright) must leave
// no process of that tree running and no replica TMPDIR behind.
import { type ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterEach, describe, expect, it } from 'vitest';
import { type ProcessStat, readProcessStat, stillRunning } from '../sim/process/process-stat.ts';
import { sweepStaleReplicaTmp } from './provider/replica-tmp.ts';
import { readPlatformRecord } from './run/platform-file.ts';
import { startS3Server } from './s3/startS3Server.ts';
import { request, waitFor } from './testfn/harness.ts';

const REPO = path.resolve(import.meta.dirname, '..');
const STACK = `version: 1.0
provider:
  name: openfaas
  gateway: http://127.0.0.1:8080
functions:
${['echo', 'echo2'].map((name) => `  ${name}:\n    lang: node\n    handler: ./live/testfn\n    image: fave/testfn:dev\n    annotations:\n      com.fave.entry: live/testfn/index.ts\n`).join('')}`;

interface Up {
  npm: ChildProcess;
  /** The scratch root: `.fave/` is under it. */
  work: string;
  out: string[];
  stateDir: string;
  /** Every process under npm once the platform is up, replicas included. */
  tree: ProcessStat[];
  replicas: { pid: number; tmpdir: string }[];
}

const started: { npm: ChildProcess; work: string; tree: ProcessStat[] }[] = [];

/** All descendants of `root`, read from /proc. */
function descendants(root: number): ProcessStat[] {
  const all = readdirSync('/proc').filter((e) => /^\d+$/.test(e)).map((e) => readProcessStat(Number(e))).filter((s) => s !== undefined);
  const found: ProcessStat[] = [];
  for (let parents = [root]; parents.length > 0; ) {
    const children = all.filter((s) => parents.includes(s.ppid));
    found.push(...children);
    parents = children.map((s) => s.pid);
  }
  return found;
}

/**
 * Starts `npm run live -- up` with a two-function testfn stack, as its own job (a process
 * group, as an interactive shell starts it), and waits until both replicas answer. The
 * working directory is a scratch root linking to this repository, so `.fave/` (secrets,
 * provider state) stays out of the developer's.
 */
async function up(options: { s3?: boolean; prepare?: (work: string) => Promise<void>; args?: string[] } = {}): Promise<Up> {
  const work = mkdtempSync(path.join(tmpdir(), 'fave-live-up-'));
  for (const name of ['package.json', 'node_modules', 'live', 'tsconfig.json']) symlinkSync(path.join(REPO, name), path.join(work, name));
  await options.prepare?.(work);
  writeFileSync(path.join(work, 'stack.yml'), STACK);
  const stateDir = path.join(work, 'state');
  const env = {
    ...process.env, provider_port: '0', provider_state_dir: stateDir, provider_readiness_initial_delay: '100ms', provider_readiness_period: '100ms',
  };
  const npm = spawn('npm', ['run', 'live', '--', 'up', '--stack', 'stack.yml', ...(options.args ?? ['--port', '0']), ...(options.s3 ? [] : ['--no-s3'])], { cwd: work, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const job = { npm, work, tree: [] as ProcessStat[] };
  started.push(job);
  const out: string[] = [];
  createInterface({ input: npm.stdout! }).on('line', (line) => out.push(line));
  createInterface({ input: npm.stderr! }).on('line', (line) => out.push(line));
  const providerLine = await waitFor('the platform up', () => out.includes('Ctrl-C stops everything.') && out.find((l) => l.startsWith('provider ')), 60_000);
  const provider = providerLine.split(/\s+/)[1]!;
  const replicas = await Promise.all(['echo', 'echo2'].map((name) => waitFor(`${name} ready`, async () => {
    const reply = await request(`${provider}/function/${name}/stats`);
    return reply.status === 200 && (JSON.parse(reply.body) as { pid: number; tmpdir: string });
  })));
  const tree = (job.tree = descendants(npm.pid!));
  return { npm, work, out, stateDir, tree, replicas };
}

const ownGroup = readProcessStat(process.pid)!.pgid;

/** SIGKILL to a process, or to a group (negative); never to this test runner's group. */
function kill(pid: number): void {
  if (Math.abs(pid) <= 1 || -pid === ownGroup) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone
  }
}

const running = (tree: ProcessStat[]) => tree.filter(stillRunning).map((p) => `${p.pid} ${p.comm}`);

afterEach(() => {
  for (const { npm, work, tree } of started.splice(0)) {
    // A failed test must not leave its platform running: whatever is still under npm, and
    // what was (replicas orphaned, each in a group of its own), then the job's group.
    for (const p of [...descendants(npm.pid!), ...tree.filter(stillRunning)]) kill(-p.pgid);
    kill(-npm.pid!);
    rmSync(work, { recursive: true, force: true });
  }
});

describe('npm run live -- up, stopped from outside', () => {
  it.each(['SIGTERM', 'SIGHUP'] as const)('%s to npm stops the platform and every replica, and removes their TMPDIRs and the platform.json it recorded', async (signal) => {
    const u = await up();
    // Under npm: sh, tsx, the platform's node and two replicas (esbuild helpers come and go,
    // so they are not counted on): all found.
    expect(u.tree.map((p) => p.pid)).toEqual(expect.arrayContaining(u.replicas.map((r) => r.pid)));
    expect(u.tree.length).toBeGreaterThanOrEqual(5);

    // Where it runs, for npm run search: the platform's node (the replicas' parent) and its addresses.
    const recorded = readPlatformRecord(path.join(u.work, '.fave'));
    expect(recorded).toEqual({ record: expect.objectContaining({ pid: readProcessStat(u.replicas[0]!.pid)!.ppid, s3: null, provider: u.out.find((l) => l.startsWith('provider '))!.split(/\s+/)[1] }) });

    process.kill(u.npm.pid!, signal);
    await waitFor('every process of the tree gone', () => running(u.tree).length === 0, 20_000).catch(() => undefined);
    expect(running(u.tree)).toEqual([]);
    expect(u.out.some((l) => /: stopping/.test(l))).toBe(true);
    // The provider closed: replica TMPDIRs and its own folder removed.
    expect(readdirSync(path.join(u.stateDir, 'tmp'))).toEqual([]);
    expect(existsSync(path.join(u.work, '.fave/platform.json'))).toBe(false);
  });

  it('SIGKILL to the platform\'s node takes its replicas (lifeline), and the next provider removes their TMPDIRs; platform.json reads as stale', async () => {
    const u = await up();
    const platform = readProcessStat(u.replicas[0]!.pid)!.ppid;
    expect(readFileSync(`/proc/${platform}/cmdline`, 'utf8')).toContain('live/cli.ts');

    process.kill(platform, 'SIGKILL');
    await waitFor('every process of the tree gone', () => running(u.tree).length === 0, 20_000).catch(() => undefined);
    expect(running(u.tree)).toEqual([]);
    // Nobody was left to remove the TMPDIRs: the next provider on this state folder does.
    const owner = path.basename(path.dirname(u.replicas[0]!.tmpdir));
    expect(readdirSync(path.join(u.stateDir, 'tmp'))).toEqual([owner]);
    expect(sweepStaleReplicaTmp(u.stateDir)).toEqual([owner]);
    // Nobody removed platform.json either: readers see that its process is gone.
    expect(readPlatformRecord(path.join(u.work, '.fave'))).toEqual({ missing: expect.stringContaining(`names process ${platform}, which is not running`) });
    expect(readdirSync(path.join(u.stateDir, 'tmp'))).toEqual([]);
  });
});

describe('npm run live -- up, its storage', () => {
  it('up prints the storage its S3 holds: requests and inputs, and how to remove old ones', async () => {
    const u = await up({
      s3: true,
      // What earlier runs left in .fave/s3: two requests and an input, under the keys up will find.
      prepare: async (work) => {
        const credentials = { accessKeyId: 'up-storage-key', secretAccessKey: 'up-storage-secret-0123' };
        mkdirSync(path.join(work, '.fave/secrets'), { recursive: true });
        writeFileSync(path.join(work, '.fave/secrets/s3-access-key'), credentials.accessKeyId);
        writeFileSync(path.join(work, '.fave/secrets/s3-secret-key'), credentials.secretAccessKey);
        const s3 = await startS3Server({ dataDir: path.join(work, '.fave/s3'), ...credentials });
        const client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
        await client.send(new CreateBucketCommand({ Bucket: 'fave' }));
        for (const [key, bytes] of [['requests/a/metadata/state.json', 1024], ['requests/b/metadata/state.json', 1024], ['inputs/v.mp4', 2048]] as const) {
          await client.send(new PutObjectCommand({ Bucket: 'fave', Key: key, Body: Buffer.alloc(bytes) }));
        }
        client.destroy();
        await s3.close();
      },
    });
    expect(u.out).toContain('storage   4.0 KB in bucket fave (.fave/s3): 2 requests 2.0 KB, inputs and other 2.0 KB; `./fave live clean --older-than 1d` removes old requests');
  });
});

describe('npm run live -- up behind a gateway of one\'s own', () => {
  it('up --gateway-url starts no gateway and no queue, the provider and S3 (on --s3-port) for that gateway to front', async () => {
    const free = await new Promise<number>((resolve) => {
      const probe = http.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const u = await up({ s3: true, args: ['--gateway-url', 'http://127.0.0.1:31112/', '--s3-port', String(free)] });
    expect(u.out.find((l) => l.startsWith('gateway '))).toMatch(/^gateway +http:\/\/127\.0\.0\.1:31112 +\(yours: not started here; point its functions_provider_url at the provider below/);
    expect(u.out.find((l) => l.startsWith('s3 '))).toMatch(new RegExp(`^s3 +http://127\\.0\\.0\\.1:${free} `));
    expect(u.out).toContain('nats      not started: your gateway queues async calls itself');
    expect(u.out).toContain('metrics   your gateway\'s own (the real one serves /metrics on its port 8082)');
    expect(u.tree.map((p) => p.comm)).not.toContain('nats-server');
    expect(u.replicas).toHaveLength(2);
  });

  it('up refuses a --gateway-url that is not http(s) and a --s3-port out of range, before starting anything', async () => {
    const run = (args: string[]) => new Promise<{ code: number | null; err: string }>((resolve) => {
      const p = spawn('npx', ['tsx', 'live/cli.ts', 'up', ...args], { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
      let err = '';
      p.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      p.on('close', (code) => resolve({ code, err }));
    });
    expect(await run(['--gateway-url', 'ftp://x'])).toMatchObject({ code: 2, err: expect.stringContaining("--gateway-url: http or https, got 'ftp:'") });
    // --help answers as every command does: the usage on stdout, exit 0, nothing started.
    const help = await new Promise<{ code: number | null; out: string }>((resolve) => {
      const p = spawn('npx', ['tsx', 'live/cli.ts', 'up', '--help'], { cwd: REPO, stdio: ['ignore', 'pipe', 'ignore'] });
      let out = '';
      p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      p.on('close', (code) => resolve({ code, out }));
    });
    expect(help).toMatchObject({ code: 0, out: expect.stringMatching(/^usage: \.\/fave live up \[--stack/) });
    expect(help.out).not.toContain('live -- run');
    expect(await run(['--s3-port', '70000'])).toMatchObject({ code: 2, err: expect.stringContaining("--s3-port: a port is an integer in 1..65535, got '70000'") });
  });
});

describe('npm run live -- up, its async path', () => {
  it('up starts NATS JetStream and a queue-worker: /async-function answers 202, the callback arrives, and SIGTERM stops them with the rest', async () => {
    const u = await up();
    expect(u.out.find((l) => l.startsWith('nats '))).toMatch(/^nats +nats:\/\/127\.0\.0\.1:\d+ +\(JetStream, messages in \.fave\/nats; user fave, password in .*\/nats-password\)$/);
    expect(u.tree.map((p) => p.comm)).toContain('nats-server');
    const gateway = u.out.find((l) => l.startsWith('gateway '))!.split(/\s+/)[1]!;
    const received: { status: string | undefined; body: string }[] = [];
    const callback = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => (received.push({ status: req.headers['x-function-status'] as string | undefined, body }), res.end()));
    });
    await new Promise<void>((r) => callback.listen(0, '127.0.0.1', r));
    try {
      const accepted = await fetch(`${gateway}/async-function/echo`, {
        method: 'POST', body: '{"n":1}', headers: { 'X-Callback-Url': `http://127.0.0.1:${(callback.address() as AddressInfo).port}/` },
      });
      expect(accepted.status).toBe(202);
      await waitFor('callback', () => received.length === 1, 30_000);
      expect(received[0]!.status).toBe('200');
      expect(JSON.parse(received[0]!.body).echo).toBe('{"n":1}');
      // The metrics listener up prints, apart from the API port as in OpenFaaS: the worker's call counted there.
      const metricsLine = u.out.find((l) => l.startsWith('metrics '))!;
      expect(metricsLine).toMatch(/^metrics +http:\/\/127\.0\.0\.1:\d+\/metrics +\(Prometheus text, a port apart from the API/);
      const metricsUrl = metricsLine.split(/\s+/)[1]!;
      expect(new URL(metricsUrl).port).not.toBe(new URL(gateway).port);
      const metrics = await request(metricsUrl);
      expect(metrics.status).toBe(200);
      expect(metrics.body).toMatch(/^gateway_function_invocation_total\{(?=[^}]*code="200")(?=[^}]*function_name="echo\.openfaas-fn")[^}]*\} 1$/m);
      expect((await request(`${gateway}/metrics`)).status).toBe(404);
    } finally {
      callback.close();
    }
    process.kill(u.npm.pid!, 'SIGTERM');
    await waitFor('every process of the tree gone', () => running(u.tree).length === 0, 20_000).catch(() => undefined);
    expect(running(u.tree)).toEqual([]);
    expect(existsSync(path.join(u.work, '.fave/nats/jetstream'))).toBe(true);
  });
});
