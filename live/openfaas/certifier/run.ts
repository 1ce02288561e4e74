import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

// What the opt-in certifier suite (certifier.opt-in.test.ts) runs: `./fave live up` in a
// scratch root, optionally the real OpenFaaS gateway in front of its provider (with the
// Prometheus and Alertmanager it needs: alerting.ts), and the OpenFaaS certifier's compiled
// test binary against the gateway. docs/certifier.md says how to build the two binaries.

export const REPO = path.resolve(import.meta.dirname, '../../..');
/** The namespace the certifier deploys to besides openfaas-fn (CERTIFIER_NAMESPACES). */
export const EXTRA_NAMESPACE = 'certifier-test';

export const BUILD_CERTIFIER = [
  'mkdir -p /tmp/certifier && git --git-dir=/work/.mirror/openfaas+certifier/repo archive 2e39d05 | tar -x -C /tmp/certifier',
  'cd /tmp/certifier && GOFLAGS=-mod=vendor GOPROXY=off CGO_ENABLED=0 go test -c ./tests -o /tmp/certifier.test',
  'export FAVE_CERTIFIER=/tmp/certifier.test   (docs/certifier.md)',
].join('\n');

export const BUILD_GATEWAY = [
  'mkdir -p /tmp/faas && git --git-dir=/work/.mirror/openfaas+faas/repo archive 4679f278 | tar -x -C /tmp/faas',
  'patch gateway/main.go to listen on 127.0.0.1:$parity_port and :$parity_metrics_port (docs/certifier.md has the sed line)',
  'cd /tmp/faas/gateway && GOFLAGS=-mod=vendor GOPROXY=off CGO_ENABLED=0 go build --ldflags "-s -w -X github.com/openfaas/faas/gateway/version.GitCommitSHA=4679f278 -X github.com/openfaas/faas/gateway/version.Version=4679f278" -o /tmp/of-gateway .',
  'export FAVE_OPENFAAS_GATEWAY=/tmp/of-gateway   (docs/certifier.md)',
].join('\n');

/** An executable named by an env variable, or an error saying how to build it. */
export function requiredBinary(variable: string, what: string, build: string): string {
  const file = process.env[variable];
  if (!file) throw new Error(`${variable} is not set: it names ${what}. Build it so:\n${build}`);
  if (!existsSync(file)) throw new Error(`${variable}=${file}: no such file. Build it so:\n${build}`);
  return file;
}

export function requiredOnPath(command: string, install: string): string {
  try {
    return execFileSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).trim();
  } catch {
    throw new Error(`${command} is not installed: ${install}`);
  }
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A started process group and everything it printed. */
export interface Started {
  child: ChildProcess;
  output: string[];
  stop(): Promise<void>;
}

export function startGroup(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Started {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  // Whole lines only: a chunk may end mid-line. stdout and stderr each keep their own partial line.
  const collector = () => {
    let partial = '';
    return (chunk: Buffer) => {
      const lines = (partial + chunk.toString('utf8')).split('\n');
      partial = lines.pop()!;
      output.push(...lines);
    };
  };
  child.stdout!.on('data', collector());
  child.stderr!.on('data', collector());
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        return;
      }
      const killed = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // gone
        }
      }, 15_000);
      await exited;
      clearTimeout(killed);
    },
  };
}

export async function waitForLine(started: Started, pattern: RegExp, timeoutMs: number, what: string): Promise<RegExpMatchArray> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    for (const line of started.output) {
      const match = pattern.exec(line);
      if (match) return match;
    }
    if (started.child.exitCode !== null) break;
    await sleep(200);
  }
  throw new Error(`${what}: no line matching ${pattern} within ${timeoutMs} ms; output:\n${started.output.slice(-30).join('\n')}`);
}

export interface LiveUp extends Started {
  work: string;
  secretsDir: string;
  gatewayUrl: string;
  providerUrl: string;
}

/**
 * `./fave live up --no-deploy --no-s3 --no-queue` in a scratch root linking to this
 * repository (so `.fave/` is its own), with the certifier's needs: the store stand-ins, the
 * certifier-test namespace. `gatewayUrl`: a gateway of one's own in front (--gateway-url).
 */
export async function startLiveUp(options: { gatewayUrl?: string; providerPort?: number } = {}): Promise<LiveUp> {
  const work = mkdtempSync(path.join(tmpdir(), 'fave-certifier-'));
  for (const name of ['package.json', 'node_modules', 'live', 'tsconfig.json']) symlinkSync(path.join(REPO, name), path.join(work, name));
  const env = {
    ...process.env,
    provider_port: String(options.providerPort ?? 0),
    provider_store_stand_ins: 'true',
    provider_namespaces: EXTRA_NAMESPACE,
    provider_readiness_initial_delay: '100ms',
    provider_readiness_period: '500ms',
    provider_termination_grace: '5s',
  };
  const args = ['run', 'live', '--', 'up', '--no-deploy', '--no-s3', '--no-queue', ...(options.gatewayUrl ? ['--gateway-url', options.gatewayUrl] : ['--port', '0'])];
  const started = startGroup('npm', args, { cwd: work, env });
  const gateway = await waitForLine(started, /^gateway\s+(http:\/\/\S+)/, 60_000, 'live up');
  const provider = await waitForLine(started, /^provider\s+(http:\/\/\S+)/, 5_000, 'live up');
  const stop = started.stop;
  return {
    ...started,
    work,
    secretsDir: path.join(work, '.fave', 'secrets'),
    gatewayUrl: gateway[1]!,
    providerUrl: provider[1]!,
    async stop() {
      await stop();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/** The real OpenFaaS gateway (built from openfaas/faas 4679f278, listen address patched). */
export async function startRealGateway(binary: string, o: { port: number; metricsPort: number; providerUrl: string; secretsDir: string; prometheusPort: number }): Promise<Started> {
  const env = {
    PATH: process.env.PATH,
    parity_port: String(o.port), parity_metrics_port: String(o.metricsPort),
    functions_provider_url: `${o.providerUrl}/`, function_namespace: 'openfaas-fn', scale_from_zero: 'true',
    basic_auth: 'true', secret_mount_path: o.secretsDir,
    read_timeout: '65s', write_timeout: '65s', upstream_timeout: '60s',
    faas_prometheus_host: '127.0.0.1', faas_prometheus_port: String(o.prometheusPort),
  };
  const started = startGroup(binary, [], { cwd: tmpdir(), env });
  // Up once it answers at all (GET / is its 301 to /ui/).
  for (const until = Date.now() + 60_000; ; await sleep(250)) {
    const answered = await fetch(`http://127.0.0.1:${o.port}/`, { redirect: 'manual' }).then(() => true, () => false);
    if (answered) return started;
    if (started.child.exitCode !== null || Date.now() > until) {
      await started.stop();
      throw new Error(`the real gateway did not answer on 127.0.0.1:${o.port}; output:\n${started.output.slice(-30).join('\n')}`);
    }
  }
}

/**
 * A faas-cli config (OPENFAAS_CONFIG) holding the gateway's credentials, as `faas-cli login`
 * writes it: what the certifier's -enableAuth reads. Mode 0600 in a 0700 directory.
 */
export function writeFaasCliConfig(gatewayUrl: string, secretsDir: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'fave-certifier-faas-cli-'));
  const user = readFileSync(path.join(secretsDir, 'basic-auth-user'), 'utf8').trim();
  const password = readFileSync(path.join(secretsDir, 'basic-auth-password'), 'utf8').trim();
  const token = Buffer.from(`${user}:${password}`).toString('base64');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(path.join(dir, 'config.yml'), `auths:\n- gateway: ${gatewayUrl.replace(/\/$/, '')}\n  auth: basic\n  token: ${token}\n`, { mode: 0o600 });
  return dir;
}

export interface CertifierRun {
  exitCode: number | null;
  /** The certifier's whole output (go test -v), credentials not in it. */
  transcript: string;
  /** Every test and subtest: name → PASS, FAIL or SKIP. */
  results: Map<string, 'PASS' | 'FAIL' | 'SKIP'>;
}

/** The `--- PASS: name (0.00s)` lines of go test -v, subtests by their full name. */
export function parseGoTestVerbose(output: string): Map<string, 'PASS' | 'FAIL' | 'SKIP'> {
  const results = new Map<string, 'PASS' | 'FAIL' | 'SKIP'>();
  for (const match of output.matchAll(/^\s*--- (PASS|FAIL|SKIP): (\S+) \(/gm)) results.set(match[2]!, match[1] as 'PASS' | 'FAIL' | 'SKIP');
  return results;
}

export async function runCertifier(binary: string, gatewayUrl: string, configDir: string, timeoutMs: number): Promise<CertifierRun> {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, OPENFAAS_CONFIG: configDir, CERTIFIER_NAMESPACES: EXTRA_NAMESPACE };
  const args = ['-test.v', '-test.count=1', `-test.timeout=${Math.floor(timeoutMs / 1000)}s`, `-gateway=${gatewayUrl}`, '-enableAuth'];
  const started = startGroup(binary, args, { cwd: tmpdir(), env });
  const exitCode = await new Promise<number | null>((resolve) => started.child.once('exit', (code) => resolve(code)));
  const transcript = started.output.join('\n');
  return { exitCode, transcript, results: parseGoTestVerbose(transcript) };
}
