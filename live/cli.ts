import { readFileSync } from 'node:fs';
import path from 'node:path';
import { didYouMean } from '../sim/input/did-you-mean.ts';
import { parseCommandLine } from '../sim/process/command-line.ts';
import { onStop } from '../sim/process/on-stop.ts';
import { runMain, UsageError } from '../sim/process/run-main.ts';
import type { Env } from './openfaas/env.ts';
import { RUN_USAGE, runCommand } from './run/command.ts';
import { startEmbedded } from './run/embedded.ts';
import { stackTimeouts } from './run/stack-timeouts.ts';
import parseStack from './openfaas/stack.ts';
import { removePlatformRecord, writePlatformRecord } from './run/platform-file.ts';
import { CLEAN_USAGE, cleanCommand } from './storage/command.ts';
import { storageLine } from './storage/up-line.ts';
import { fitText } from '../sim/terminal/table.ts';

// `./fave live up [--stack live/openfaas/stack.yml] [--port 8080]`: the embedded
// platform (S3 + provider + gateway + NATS JetStream and its queue-worker) with the stack deployed; Ctrl-C, SIGTERM, SIGHUP or the
// end of whatever launched it (npm, tsx, a shell script) stops everything.
// `./fave live run <scenario.json>`: a scenario run live, its variants and repeats
// (live/run/command.ts).
// `./fave live clean [--older-than 1d]`: removes requests from the embedded S3 (live/storage).
// Variables prefixed provider_ / gateway_ / queue_ configure each part (see live/README.md).

const USAGE = [
  'usage: ./fave live up [--stack live/openfaas/stack.yml] [--port 8080] [--no-s3] [--s3-port N] [--no-queue] [--no-deploy] [--gateway-url URL (a gateway of your own in front of the provider)]',
  `       ${RUN_USAGE.slice('usage: '.length)}`,
  `       ${CLEAN_USAGE.slice('usage: '.length)}`,
].join('\n');

/** A TCP port given on the command line: an integer in 1..65535. */
function portFlag(flag: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UsageError(`${flag}: a port is an integer in 1..65535, got '${raw}'`);
  return n;
}

/** An http(s) URL given on the command line. */
function urlFlag(flag: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UsageError(`${flag}: not a URL: '${raw}'`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${flag}: http or https, got '${url.protocol}'`);
  return raw.replace(/\/$/, '');
}

async function up(args: string[], env: Env): Promise<void> {
  const { values, positionals } = parseCommandLine(args, {
    stack: { type: 'string', default: 'live/openfaas/stack.yml' }, port: { type: 'string' }, 'no-s3': { type: 'boolean', default: false },
    'no-queue': { type: 'boolean', default: false }, 's3-port': { type: 'string' }, 'gateway-url': { type: 'string' },
    // Nothing of the stack deployed: a conformance suite (the OpenFaaS certifier, docs/certifier.md) deploys its own.
    'no-deploy': { type: 'boolean', default: false },
  });
  if (positionals.length > 0) throw new UsageError(`live up takes options only, got '${positionals[0]}'`);
  const s3Port = values['s3-port'] === undefined ? undefined : portFlag('--s3-port', values['s3-port']);
  const gatewayUrl = values['gateway-url'] === undefined ? undefined : urlFlag('--gateway-url', values['gateway-url']);
  // The async path is the embedded gateway's (it publishes to this NATS): a gateway of one's
  // own queues through its own, so none starts here.
  const queue = !values['no-queue'] && gatewayUrl === undefined;
  if (gatewayUrl !== undefined && values.port !== undefined) throw new UsageError('--port is the embedded gateway\'s: with --gateway-url none starts');
  const root = process.cwd();
  const dataDir = path.join(root, '.fave');
  const stackFile = path.resolve(root, values.stack!);
  // Timeouts as long as the stack's longest call, as deploy.sh sets them on a cluster.
  const timeouts = stackTimeouts(parseStack(readFileSync(stackFile, 'utf8'), values.stack!, env).functions, env);
  // The same start-up as `live run` (live/run/embedded.ts); the orchestrator gets this gateway's URL.
  const starting = startEmbedded({
    root, stackFile, env, port: values.port, s3: !values['no-s3'], queue, ...(values['no-deploy'] ? { only: [] } : {}), ...(s3Port !== undefined ? { s3Port } : {}), ...(gatewayUrl !== undefined ? { gatewayUrl } : {}), queueSettings: timeouts.queue, gateway: timeouts.gateway, provider: timeouts.provider,
    log: (line) => process.stdout.write(`${line}\n`),
  });
  // Listening from the start: a stop during start-up waits for it, then closes what started.
  onStop(({ count, detail }) => {
    // The provider's exit hook SIGKILLs the replicas' process groups.
    if (count > 1) process.exit(130);
    process.stdout.write(`\n${detail}: stopping (again to quit at once)\n`);
    removePlatformRecord(dataDir, process.pid);
    void starting.then((platform) => platform.close(), () => undefined).then(() => process.exit(0));
  });
  const platform = await starting;
  // Where it runs, for `./fave search` (ports are ephemeral); removed on stop.
  writePlatformRecord(dataDir, {
    format: 'fave.platform/v1', pid: process.pid, gateway: platform.gateway.url, provider: platform.provider.url,
    s3: platform.s3?.endpoint ?? null, bucket: platform.bucket, secretsDir: platform.secretsDir,
  });
  process.stdout.write(
    [
      gatewayUrl !== undefined
        ? `gateway   ${platform.gateway.url}  (yours: not started here; point its functions_provider_url at the provider below, with basic auth from ${platform.secretsDir}/basic-auth-*)`
        : `gateway   ${platform.gateway.url}  (basic auth on /system: user and password in ${platform.secretsDir}/basic-auth-*)`,
      platform.gateway.metricsUrl !== undefined
        ? `metrics   ${platform.gateway.metricsUrl}/metrics  (Prometheus text, a port apart from the API as the real gateway's 8082; gateway_metrics_port sets it)`
        : 'metrics   your gateway\'s own (the real one serves /metrics on its port 8082)',
      `provider  ${platform.provider.url}`,
      ...(timeouts.longestMs > 0 ? [`timeouts  gateway upstream ${timeouts.gateway.upstream_timeout ?? env.gateway_upstream_timeout}, provider read ${timeouts.provider.read_timeout ?? env.provider_read_timeout}: for the stack's longest exec_timeout (gateway_* / provider_* variables set them)`] : []),
      platform.s3 ? `s3        ${platform.s3.endpoint}  (bucket ${platform.bucket}; keys in ${platform.secretsDir}/s3-*)` : 's3        not started',
      ...(platform.s3 ? [`storage   ${await storageLine(platform.s3, platform.bucket, path.relative(root, path.join(dataDir, 's3')))}`] : []),
      platform.queue
        ? `nats      ${platform.queue.nats.connection.url}  (JetStream, messages in ${path.relative(root, path.join(dataDir, 'nats'))}; user ${platform.queue.nats.connection.user}, password in ${platform.secretsDir}/nats-password)`
        : `nats      not started: ${gatewayUrl !== undefined ? 'your gateway queues async calls itself' : 'no /async-function'}`,
      ...(platform.queue ? [`queue     ${platform.queue.workers.length} queue-worker process(es) (pid ${platform.queue.workers.map((w) => w.pid).join(', ')}); queue_* variables set them`] : []),
      'Ctrl-C stops everything.',
    ].join('\n') + '\n',
  );
}

/** A stop (Ctrl-C, SIGTERM, SIGHUP, launcher gone) ends the arrivals and waits for in-flight
 * requests, and no further variant or repeat starts; a second one exits at once. */
async function run(args: string[]): Promise<number> {
  const stop = new AbortController();
  onStop(({ count, detail }) => {
    if (count > 1) process.exit(130);
    process.stderr.write(`\n${detail}: stopping: no new requests or runs; waiting for those in flight (Ctrl-C again to quit now)\n`);
    stop.abort();
  });
  return runCommand(args, {
    env: process.env, root: process.cwd(), signal: stop.signal, tty: process.stderr.isTTY === true,
    stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t),
  });
}

const COMMANDS = ['up', 'run', 'clean'];

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  // `live --help`, and `live up|run|clean --help`, as every command answers it.
  if (command === undefined ? false : ['--help', '-h', 'help'].includes(command) || rest.includes('--help') || rest.includes('-h')) {
    const lines = USAGE.split('\n');
    const own = COMMANDS.includes(command!) ? lines.filter((l) => l.includes(`./fave live ${command} `) || l.endsWith(`./fave live ${command}`)) : lines;
    console.log(own.map((l) => fitText(`usage: ${l.trim().replace(/^usage: /, '')}`)).join('\n'));
    return 0;
  }
  if (command === 'run') return run(rest);
  if (command === 'clean') return cleanCommand(rest, { root: process.cwd(), now: new Date(), stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });
  if (command !== 'up') {
    const near = command === undefined ? null : didYouMean(command, COMMANDS);
    throw new UsageError(command === undefined ? 'no command given (up, run or clean)' : `unknown command '${command}'${near ? ` (did you mean ${near}?)` : ' (up, run or clean)'}`);
  }
  await up(rest, process.env);
  // Up until a stop: onStop in up() ends the process.
  return new Promise<number>(() => undefined);
}

// Errors name their own exit code: 2 usage or a bad stack file, 3 bad configuration, 1 other.
runMain(() => main(process.argv.slice(2)), { usage: USAGE, prefix: 'live' });
