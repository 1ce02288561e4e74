import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { groupListensOn } from './port-owner.ts';
import type { ReadinessMode } from './readiness.ts';

// One replica = one process group running a function's entry file (the embedded stand-in
// for a pod). It is probed for readiness like faas-netes's readinessProbe on /_/health.

export type ReplicaState = 'starting' | 'ready' | 'unready' | 'terminating' | 'exited';

export interface ReplicaOptions {
  id: string;
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  readinessInitialDelayMs: number;
  readinessPeriodMs: number;
  readinessFailureThreshold: number;
  readinessTimeoutMs: number;
  /** 'watchdog': the probe passes once the process started, as of-watchdog's lock-file
   * /_/health does (readiness.ts); 'stage': the stage's own /_/health must say 200. */
  readiness: ReadinessMode;
  log: (line: string) => void;
  /** Each line the process writes (stdout and stderr), for the logs API (logs.ts). */
  onOutput?: (line: string) => void;
}

export interface ReplicaExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Why we ended it ('stopped', 'oom-killed'), or undefined when it died on its own. */
  reason?: string;
}

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((r) => server.close(r));
  return port;
}

/** GET `path` from the replica's port: its status and body, or null (no answer in time, refused). */
function getLocal(port: number, path: string, timeoutMs: number): Promise<{ status: number; body: string } | null> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 500, body }));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}

async function probe(port: number, timeoutMs: number): Promise<boolean> {
  const answer = await getLocal(port, '/_/health', timeoutMs);
  return answer !== null && answer.status >= 200 && answer.status < 400;
}

/** The stage runtime's count of calls still working (`GET /_/running`, answered or not); 0
 * when the process does not answer it (a function not built on stages/runtime). */
async function runningCalls(port: number, timeoutMs: number): Promise<number> {
  const answer = await getLocal(port, '/_/running', timeoutMs);
  if (answer?.status !== 200) return 0;
  try {
    const value = (JSON.parse(answer.body) as { running?: unknown }).running;
    return Number.isInteger(value) ? (value as number) : 0;
  } catch {
    return 0; // not the stage runtime's answer
  }
}

export class Replica {
  readonly id: string;
  readonly port: number;
  readonly readiness: ReadinessMode;
  readonly startedAt = Date.now();
  state: ReplicaState = 'starting';
  readyAt: number | undefined;
  inflight = 0;
  readonly exited: Promise<ReplicaExit>;
  private readonly child: ChildProcess;
  private probeTimer: NodeJS.Timeout | undefined;
  private failures = 0;
  private portTakenLogged = false;
  private endReason: string | undefined;

  private constructor(options: ReplicaOptions, port: number) {
    this.id = options.id;
    this.port = port;
    this.readiness = options.readiness;
    // detached: the replica leads its own process group, so a kill reaches its children.
    // fd 3 is its lifeline (lifeline.ts): the provider holds the write end while it lives.
    this.child = spawn(options.command, options.args, {
      cwd: options.cwd,
      env: { ...options.env, PORT: String(port) },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    });
    // Never written to; an error on it (the replica gone) is the exit handler's business.
    const lifeline = this.child.stdio[3] as net.Socket | null;
    lifeline?.on('error', () => undefined);
    const pipeLines = (stream: NodeJS.ReadableStream | null) => {
      let buffered = '';
      stream?.setEncoding('utf8');
      stream?.on('data', (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split('\n');
        buffered = lines.pop()!;
        for (const line of lines) {
          options.log(`[${this.id}] ${line}`);
          options.onOutput?.(line);
        }
      });
    };
    pipeLines(this.child.stdout);
    pipeLines(this.child.stderr);
    this.exited = new Promise((resolve) => {
      this.child.once('exit', (code, signal) => {
        // A container's death takes everything in it: reap leftovers of the group.
        this.signal('SIGKILL');
        lifeline?.destroy();
        this.state = 'exited';
        clearTimeout(this.probeTimer);
        resolve({ code, signal, reason: this.endReason });
      });
      this.child.once('error', (error) => {
        options.log(`[${this.id}] failed to start: ${error.message}`);
      });
    });
    this.scheduleProbe(options, options.readinessInitialDelayMs);
  }

  static async start(options: ReplicaOptions): Promise<Replica> {
    return new Replica(options, await freePort());
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get ready(): boolean {
    return this.state === 'ready';
  }

  private scheduleProbe(options: ReplicaOptions, delayMs: number): void {
    this.probeTimer = setTimeout(async () => {
      if (this.ending()) return;
      // faas-netes sets the probe's TimeoutSeconds to 1 s, apart from the period: a replica whose
      // event loop is busy for 300 ms (a model's inference) is slow to answer, not unready.
      // of-watchdog writes its lock as it starts: its /_/health passes while the process lives.
      const watchdog = options.readiness === 'watchdog';
      const ok = watchdog ? this.child.exitCode === null : await probe(this.port, options.readinessTimeoutMs);
      if (this.ending()) return;
      if (ok && !watchdog && this.state !== 'ready' && !this.ownsPort(options)) {
        // Another process answered on this replica's port; this one will fail to bind it.
      } else if (ok) {
        this.failures = 0;
        if (this.state !== 'ready') {
          this.state = 'ready';
          this.readyAt ??= Date.now();
        }
      } else if (this.state === 'ready' && ++this.failures >= options.readinessFailureThreshold) {
        this.state = 'unready';
      }
      this.scheduleProbe(options, options.readinessPeriodMs);
    }, delayMs);
  }

  /** Whether the process answering on the port is this replica's (port-owner.ts); said once when not. */
  private ownsPort(options: ReplicaOptions): boolean {
    if (this.child.pid === undefined || groupListensOn(this.child.pid, this.port) !== false) return true;
    if (!this.portTakenLogged) options.log(`[${this.id}] port ${this.port} answers, but another process holds it: not ready`);
    this.portTakenLogged = true;
    return false;
  }

  private ending(): boolean {
    return this.state === 'exited' || this.state === 'terminating';
  }

  /** Sends `signal` to the whole process group. */
  private signal(signal: NodeJS.Signals): void {
    if (this.child.pid === undefined || this.state === 'exited') return;
    try {
      process.kill(-this.child.pid, signal);
    } catch {
      // Already gone.
    }
  }

  /** Calls the process is still working on, answered or not (see runningCalls). */
  running(): Promise<number> {
    return this.state === 'exited' ? Promise.resolve(0) : runningCalls(this.port, 1_000);
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  async stop(graceMs: number, reason = 'stopped'): Promise<ReplicaExit> {
    if (this.state !== 'exited') {
      this.endReason ??= reason;
      this.state = 'terminating';
      clearTimeout(this.probeTimer);
      this.signal('SIGTERM');
      const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    return this.exited;
  }

  /** Immediate SIGKILL (OOM kill, provider shutting down hard). */
  kill(reason: string): void {
    this.endReason ??= reason;
    if (this.state !== 'exited') this.state = 'terminating';
    clearTimeout(this.probeTimer);
    this.signal('SIGKILL');
  }
}
