import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { TelemetryRecord } from '../../../stages/runtime/index.ts';
import { REPO_ROOT } from '../../e2e/platform.ts';

/** A stage run as its own process, as a fresh replica would be (minus the container). */
export interface StageProcess {
  url: string;
  /** performance.now() at spawn and when /_/health first answered 200. */
  spawnedAt: number;
  healthyAt: number;
  call(body: object): Promise<{ ms: number; body: Record<string, unknown> & { metrics: TelemetryRecord } }>;
  stop(): Promise<void>;
}

export class StageCallFailed extends Error {}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Spawns `node --import tsx stages/<name>/index.ts` and waits until its health check is 200. */
export async function startStageProcess(name: string, env: Record<string, string>, timeoutMs = 60_000): Promise<StageProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const spawnedAt = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'stages', name, 'index.ts')], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env, PORT: String(port) },
    // Own process group: stopping it also stops ffmpeg / recogniser children.
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-2000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let alive = true;
  void exited.then(() => {
    alive = false;
  });
  const stop = async (): Promise<void> => {
    if (!alive) return;
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      return;
    }
    const killer = setTimeout(() => alive && process.kill(-child.pid!, 'SIGKILL'), 5_000);
    await exited;
    clearTimeout(killer);
  };

  const deadline = spawnedAt + timeoutMs;
  for (;;) {
    if (!alive) throw new StageCallFailed(`${name} exited before becoming healthy: ${stderr.trim()}`);
    const ok = await fetch(`${url}/_/health`).then((r) => r.status === 200, () => false);
    if (ok) break;
    if (performance.now() > deadline) {
      await stop();
      throw new StageCallFailed(`${name} not healthy within ${timeoutMs} ms: ${stderr.trim()}`);
    }
    await delay(10);
  }
  const healthyAt = performance.now();

  return {
    url, spawnedAt, healthyAt, stop,
    async call(body) {
      const started = performance.now();
      const res = await fetch(`${url}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const parsed = (await res.json()) as Record<string, unknown> & { metrics: TelemetryRecord };
      const ms = performance.now() - started;
      if (res.status !== 200) throw new StageCallFailed(`${name} answered ${res.status}: ${JSON.stringify(parsed.error)}`);
      return { ms, body: parsed };
    },
  };
}
