// The embedded platform's message queue: Debian's `nats-server` with JetStream, started and
// stopped with the platform as the embedded S3 is, its messages on disk under the data folder
// (`.fave/nats/`), so queued async calls survive a restart. It listens on 127.0.0.1 only, on a
// port the server picks itself (`listen: 127.0.0.1:-1`, read back from its ports file: no
// race with another process for a port probed free), and asks every client for a user and a
// password. The password stays in a 0600 config file, never on a command line (visible in
// `ps`) and never in a log line.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { EXIT } from '../../sim/process/errors.ts';
import { LiveError } from '../openfaas/errors.ts';

export const NATS_INSTALL_HINT = 'sudo apt-get install -y --no-install-recommends nats-server';

/** How clients reach the server: what the gateway's publisher and the queue-worker need. */
export interface NatsConnection {
  /** `nats://127.0.0.1:<port>` */
  url: string;
  user: string;
  password: string;
}

export interface NatsServerOptions {
  /** The server's folder: config, ports file, and `jetstream/` (the messages). */
  dir: string;
  user: string;
  password: string;
  log?: (line: string) => void;
  /** How long start-up may take before it is an error (default 15 s). */
  startTimeoutMs?: number;
}

export interface RunningNatsServer {
  connection: NatsConnection;
  pid: number;
  /** Where JetStream keeps its messages. */
  storeDir: string;
  /** SIGTERM (the server flushes its store and exits), SIGKILL after `graceMs` (default 10 s). */
  close(graceMs?: number): Promise<void>;
}

/** nats-server not installed: a platform problem (exit 3) with the line that fixes it. */
export class NatsMissingError extends LiveError {
  override readonly exitCode = EXIT.platform;
  constructor(searched: string) {
    super(`nats-server not found (looked in ${searched}): the async path runs on NATS JetStream; install it with \`${NATS_INSTALL_HINT}\``);
  }
}

/** The server would not start: its own last words say why (a store locked, a bad config). */
export class NatsStartError extends LiveError {}

/** Debian installs it in /usr/sbin, which a non-root PATH often lacks. */
export function findNatsServer(env: NodeJS.ProcessEnv = process.env, sbin = ['/usr/sbin', '/usr/local/sbin', '/sbin']): string {
  const dirs = [...(env.PATH ?? '').split(path.delimiter).filter(Boolean), ...sbin];
  for (const dir of dirs) {
    const candidate = path.join(dir, 'nats-server');
    if (existsSync(candidate)) return candidate;
  }
  throw new NatsMissingError([...new Set(dirs)].join(':'));
}

function configText(dir: string, user: string, password: string): string {
  return [
    'listen: "127.0.0.1:-1"',
    `ports_file_dir: ${JSON.stringify(path.join(dir, 'run'))}`,
    // No monitoring port: nothing else listens. max_payload stays NATS's 1 MB, the limit
    // OpenFaaS documents for async bodies (docs/reference/async.md, "Payload size").
    `jetstream { store_dir: ${JSON.stringify(dir)} }`,
    `authorization { user: ${JSON.stringify(user)}, password: ${JSON.stringify(password)} }`,
    '',
  ].join('\n');
}

/** The client URL the server wrote to `run/nats-server_<pid>.ports` once listening. */
function readPortsFile(runDir: string, pid: number): string | undefined {
  const file = path.join(runDir, `nats-server_${pid}.ports`);
  if (!existsSync(file)) return undefined;
  try {
    const ports = JSON.parse(readFileSync(file, 'utf8')) as { nats?: string[] };
    return ports.nats?.[0];
  } catch {
    return undefined; // written but not complete yet
  }
}

export async function startNatsServer(options: NatsServerOptions): Promise<RunningNatsServer> {
  const log = options.log ?? (() => undefined);
  const binary = findNatsServer();
  const runDir = path.join(options.dir, 'run');
  mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  // A killed server leaves its ports file behind; the next one writes its own (new pid).
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { mode: 0o700 });
  const configFile = path.join(options.dir, 'nats-server.conf');
  writeFileSync(configFile, configText(options.dir, options.user, options.password), { mode: 0o600 });

  // setpriv --pdeathsig: the kernel sends SIGTERM to the server when the process that started
  // it ends, SIGKILL included, as the provider's lifeline does for replicas (a Go binary
  // cannot preload that). nats-server handles SIGTERM by flushing its store.
  const child: ChildProcess = spawn('setpriv', ['--pdeathsig', 'SIGTERM', binary, '-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lastLines: string[] = [];
  const onOutput = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      lastLines.push(line);
      if (lastLines.length > 20) lastLines.shift();
      log(`nats: ${line.replace(/^\[\d+\] \S+ \S+ /, '')}`);
    }
  };
  child.stdout!.on('data', onOutput);
  child.stderr!.on('data', onOutput);
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exit = new Promise<void>((resolve) => child.once('exit', (code, signal) => ((exited = { code, signal }), resolve())));
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));

  const close = async (graceMs = 10_000): Promise<void> => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exit;
    clearTimeout(timer);
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 15_000);
  for (;;) {
    const failed = await Promise.race([spawnError, sleep(50).then(() => undefined)]);
    if (failed) throw new NatsStartError(`could not run ${binary} through setpriv: ${failed.message}`);
    if (exited) throw new NatsStartError(`nats-server exited at start (${exited.code ?? exited.signal}): ${lastLines.slice(-3).join(' | ')}`);
    const url = child.pid !== undefined ? readPortsFile(runDir, child.pid) : undefined;
    // setpriv execs nats-server in place, so the child's pid is the server's.
    if (url) return { connection: { url, user: options.user, password: options.password }, pid: child.pid!, storeDir: path.join(options.dir, 'jetstream'), close };
    if (Date.now() > deadline) {
      await close(1_000);
      throw new NatsStartError(`nats-server did not start listening within ${options.startTimeoutMs ?? 15_000} ms: ${lastLines.slice(-3).join(' | ')}`);
    }
  }
}
