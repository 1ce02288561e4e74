import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../provider/replica.ts';

// Runs one stage behind a real of-watchdog binary as live/openfaas/Dockerfile runs it (http
// mode, upstream on 127.0.0.1, the stage's env), "scaled from zero": the watchdog starts, its
// /_/health is polled until 200 (the kubelet's probe, at its tightest), and the stage is
// called at once. For the opt-in test (watchdog-readiness.opt-in.test.ts) and the transcript in
// docs/readiness-watchdog.md. No Go binary in CI: the test skips without FAVE_OF_WATCHDOG.

/** How the lock file of /_/health is written: 'watchdog' = the watchdog's own (the image before
 * issue #22), 'stage' = suppress_lock=true and READY_LOCK_FILE (the image now), 'stage-listen'
 * = the same with READY_LOCK_WHEN=listen (lock once listening, calls held during init). */
export type LockMode = 'watchdog' | 'stage' | 'stage-listen';

export interface ColdCallOptions {
  watchdog: string;
  repoRoot: string;
  stage: string;
  lock: LockMode;
  /** The stage's env apart from what this sets (S3_*, exec_timeout, ...). */
  env: Record<string, string>;
  body: unknown;
  /** Calls made one after another once /_/health said 200; stops at the first 200. */
  calls?: number;
  /** Between calls (not before the first). */
  gapMs?: number;
}

export interface CallResult { status: number; bodyBytes: number; cause?: string; atMs: number }

export interface ColdCallResult {
  /** From spawning the watchdog to the first /_/health 200. */
  healthyAtMs: number;
  calls: CallResult[];
  log: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function status(url: string): Promise<number> {
  try {
    const res = await fetch(url);
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0; // not listening yet
  }
}

export async function coldCall(options: ColdCallOptions): Promise<ColdCallResult> {
  const dir = await mkdtemp(join(tmpdir(), 'fave-ofw-'));
  const [port, upstream, metrics] = await Promise.all([freePort(), freePort(), freePort()]);
  const log: string[] = [];
  // TMPDIR is the watchdog's os.TempDir(): its lock is this run's own, not the machine's /tmp/.lock.
  const lockEnv: Record<string, string> = options.lock === 'watchdog'
    ? {}
    : { suppress_lock: 'true', READY_LOCK_FILE: join(dir, '.lock'), ready_path: '/_/ready', READY_LOCK_WHEN: options.lock === 'stage' ? 'init' : 'listen' };
  const child = spawn(options.watchdog, [], {
    cwd: options.repoRoot,
    env: {
      PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, TMPDIR: dir, ...options.env,
      // The Dockerfile's ENV, with the source run through tsx as the embedded provider does.
      STAGE: options.stage, PORT: String(upstream), fprocess: `node --import tsx stages/${options.stage}/index.ts`,
      mode: 'http', upstream_url: `http://127.0.0.1:${upstream}`, prefix_logs: 'false',
      port: String(port), fave_metrics_port: String(metrics), ...lockEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started = performance.now();
  const at = () => Math.round(performance.now() - started);
  for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk: Buffer) => log.push(...chunk.toString().split('\n').filter(Boolean).map((l) => `${at()} ms ${l}`)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const base = `http://127.0.0.1:${port}`;
    while ((await status(`${base}/_/health`)) !== 200) {
      if (child.exitCode !== null) throw new Error(`of-watchdog exited (${child.exitCode}) before /_/health said 200:\n${log.join('\n')}`);
      if (at() > 120_000) throw new Error(`/_/health not 200 after 120 s:\n${log.join('\n')}`);
      await sleep(5);
    }
    const healthyAtMs = at();
    const calls: CallResult[] = [];
    for (let i = 0; i < (options.calls ?? 1); i += 1) {
      if (i > 0) await sleep(options.gapMs ?? 0);
      const atMs = at();
      const res = await fetch(`${base}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(options.body) });
      const text = await res.text();
      let cause: string | undefined;
      try {
        cause = (JSON.parse(text) as { error?: { cause?: string } }).error?.cause;
      } catch {
        cause = undefined; // the watchdog's own empty 500
      }
      calls.push({ status: res.status, bodyBytes: Buffer.byteLength(text), atMs, ...(cause ? { cause } : {}) });
      if (res.status === 200) break;
    }
    return { healthyAtMs, calls, log };
  } finally {
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killer);
    await rm(dir, { recursive: true, force: true });
  }
}
