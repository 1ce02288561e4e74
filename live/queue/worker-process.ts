// Starts the queue-worker (main.ts) as a child process, as `live up` and the tests do. It
// leads its own process group and is preloaded with the provider's lifeline (fd 3), so it
// never outlives whoever started it, SIGKILL included. Its log lines come back through `log`.
import { spawn } from 'node:child_process';
import type net from 'node:net';
import { LiveError } from '../openfaas/errors.ts';
import type { NatsConnection } from './nats-server.ts';

const MAIN = new URL('./main.ts', import.meta.url).pathname;
const LIFELINE = new URL('../provider/lifeline.ts', import.meta.url).href;

export interface WorkerProcessOptions {
  nats: NatsConnection;
  /** A 0600 file holding `nats.password`: the child reads it there. */
  passwordFile: string;
  gatewayUrl: string;
  /** Queue-worker variables (queue-config.ts names: max_inflight, ack_wait, …). */
  settings?: Record<string, string>;
  log?: (line: string) => void;
  /** How long start-up may take (default 30 s: tsx compiles on a busy machine). */
  startTimeoutMs?: number;
}

export interface WorkerProcess {
  pid: number;
  /** Resolves with the exit code (or signal) once the process has ended. */
  exited: Promise<number | string>;
  /** SIGTERM: the worker finishes its calls in flight (its termination_grace), then exits. */
  stop(): Promise<void>;
  /** SIGKILL, as a crash: nothing is finished or acknowledged. */
  kill(): Promise<void>;
}

export class QueueWorkerStartError extends LiveError {}

export function startWorkerProcess(o: WorkerProcessOptions): Promise<WorkerProcess> {
  const log = o.log ?? (() => undefined);
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    ...o.settings,
    gateway_url: o.gatewayUrl,
    nats_url: o.nats.url,
    nats_user: o.nats.user,
    nats_password_file: o.passwordFile,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', '--import', LIFELINE, MAIN], {
    env, detached: true, stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  (child.stdio[3] as net.Socket | null)?.on('error', () => undefined);
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  let ended = false;
  void exited.then(() => (ended = true));
  const signal = async (name: NodeJS.Signals) => {
    if (!ended) {
      try {
        process.kill(-child.pid!, name);
      } catch {
        // already gone
      }
    }
    await exited;
  };
  const proc: WorkerProcess = { pid: child.pid!, exited, stop: () => signal('SIGTERM'), kill: () => signal('SIGKILL') };

  return new Promise((resolve, reject) => {
    const lastLines: string[] = [];
    let ready = false;
    const timer = setTimeout(() => {
      void proc.kill();
      reject(new QueueWorkerStartError(`the queue-worker did not start within ${o.startTimeoutMs ?? 30_000} ms: ${lastLines.slice(-3).join(' | ')}`));
    }, o.startTimeoutMs ?? 30_000);
    const onLine = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
        lastLines.push(line);
        if (lastLines.length > 20) lastLines.shift();
        log(`queue-worker: ${line}`);
        if (!ready && line.startsWith('consuming ')) {
          ready = true;
          clearTimeout(timer);
          resolve(proc);
        }
      }
    };
    child.stdout!.on('data', onLine);
    child.stderr!.on('data', onLine);
    void exited.then((code) => {
      if (ready) return;
      clearTimeout(timer);
      reject(new QueueWorkerStartError(`the queue-worker exited at start (${code}): ${lastLines.slice(-3).join(' | ')}`));
    });
  });
}
