// The embedded platform of `./fave live up` as a function: S3 + provider + gateway with
// the stack deployed, and with `queue` the async path (nats-server with JetStream, its
// messages in `<data>/nats`, and a queue-worker process per queue: live/queue). `up` keeps it
// running; `run` starts it with the scenario's settings and stops it when the run ends.
// Secrets live in `<data>/secrets`, never printed.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import readGatewayConfig from '../gateway/config.ts';
import { authorizationHeader, loadCredentials } from '../openfaas/credentials.ts';
import startGateway, { type RunningGateway } from '../gateway/gateway.ts';
import { startEmbeddedQueue, type EmbeddedQueue } from '../queue/embedded-queue.ts';
import { findNatsServer } from '../queue/nats-server.ts';
import type { Env } from '../openfaas/env.ts';
import parseStack, { toDeployment } from '../openfaas/stack.ts';
import readProviderConfig from '../provider/config.ts';
import startProvider, { type RunningProvider } from '../provider/provider.ts';
import { ensureBucket } from '../../stages/runtime/ensure-bucket.ts';
import type { FunctionDeploySettings } from './platform-settings.ts';

export interface EmbeddedOptions {
  root: string;
  stackFile: string;
  env: Env;
  /** Where `s3/` data and `secrets/` live; default `<root>/.fave`. */
  dataDir?: string;
  port?: string;
  s3?: boolean;
  /** The embedded S3's port (default: any free one). */
  s3Port?: number;
  /** A gateway that fronts this provider from outside (a real OpenFaaS gateway built from
   * source, its functions_provider_url pointed at the provider): no embedded gateway starts,
   * and the orchestrator and queue-workers call this one. */
  gatewayUrl?: string;
  /** Start the async path (NATS JetStream + queue-worker); off unless asked: only `up` and
   * what calls functions asynchronously need it, and it needs Debian's nats-server. */
  queue?: boolean;
  /** Queue-worker variables (unprefixed) over the `queue_` ones from env. */
  queueSettings?: Record<string, string>;
  /** Unprefixed variables over the `provider_` / `gateway_` ones from env. */
  provider?: Record<string, string>;
  gateway?: Record<string, string>;
  /** Deploy only these stack functions (default all). */
  only?: readonly string[];
  /** Per-function env, labels and memory limit over the stack's. */
  functions?: Record<string, FunctionDeploySettings>;
  log?: (line: string) => void;
  /** Provider and gateway log lines (replica output included); default: theirs (stdout). */
  platformLog?: (line: string) => void;
}

export interface EmbeddedPlatform {
  /** The embedded gateway, or the external one (`gatewayUrl`), which has only its URL here
   * (its metrics are wherever it serves them: the real gateway's port 8082). */
  gateway: Pick<RunningGateway, 'url'> & { metricsUrl?: string };
  provider: RunningProvider;
  secretsDir: string;
  bucket: string;
  s3?: { endpoint: string; accessKeyId: string; secretAccessKey: string };
  /** The async path, when started: where NATS listens, the worker processes. */
  queue?: EmbeddedQueue;
  /** Basic-auth header for /system/* on this gateway and its provider. */
  authorization: string;
  deployed: string[];
  failed: string[];
  close(): Promise<void>;
}

/** The variables of one component: `${prefix}name` → `name`. */
export function scoped(env: Env, prefix: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (k.startsWith(prefix) && v !== undefined) out[k.slice(prefix.length)] = v;
  return out;
}

/** A secret file's value, created with a random value the first time. Never printed. */
function ensureSecret(dir: string, name: string, fromEnv: string | undefined): string {
  const file = path.join(dir, name);
  if (fromEnv) writeFileSync(file, fromEnv, { mode: 0o600 });
  if (!existsSync(file)) writeFileSync(file, randomBytes(18).toString('base64url'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

async function startS3(root: string, dataDir: string, accessKeyId: string, secretAccessKey: string, bucket: string, port = 0): Promise<{ endpoint: string; close(): Promise<void> } | undefined> {
  const modulePath = path.join(root, 'live/s3/startS3Server.ts');
  if (!existsSync(modulePath)) return undefined;
  const mod = (await import(modulePath)) as { startS3Server?: (o: object) => Promise<{ endpoint: string; close(): Promise<void> }> };
  if (typeof mod.startS3Server !== 'function') return undefined;
  const server = await mod.startS3Server({ dataDir: path.join(dataDir, 's3'), accessKeyId, secretAccessKey, port });
  const { S3Client } = await import('@aws-sdk/client-s3');
  const client = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
  await ensureBucket(client, bucket).finally(() => client.destroy());
  return server;
}

export async function startEmbedded(o: EmbeddedOptions): Promise<EmbeddedPlatform> {
  const log = o.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const env = o.env;
  const stack = parseStack(readFileSync(o.stackFile, 'utf8'), path.relative(o.root, o.stackFile), env);
  // Before anything starts: a missing nats-server is a set-up problem with a one-line fix.
  if (o.queue) findNatsServer();
  const dataDir = o.dataDir ?? path.join(o.root, '.fave');
  const secrets = path.join(dataDir, 'secrets');
  mkdirSync(secrets, { recursive: true, mode: 0o700 });
  const accessKeyId = ensureSecret(secrets, 's3-access-key', env.S3_ACCESS_KEY);
  const secretAccessKey = ensureSecret(secrets, 's3-secret-key', env.S3_SECRET_KEY);
  if (!env.OPENFAAS_PASSWORD) ensureSecret(secrets, 'basic-auth-password', undefined);
  if (!env.OPENFAAS_USERNAME && !existsSync(path.join(secrets, 'basic-auth-user'))) writeFileSync(path.join(secrets, 'basic-auth-user'), 'admin', { mode: 0o600 });

  const authorization = authorizationHeader(loadCredentials(env, secrets));
  const bucket = stack.functions.find((f) => f.environment.S3_BUCKET)?.environment.S3_BUCKET ?? 'fave';
  const closers: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const c of closers.splice(0).reverse()) await c().catch(() => undefined);
  };
  try {
    const s3 = o.s3 === false ? undefined : await startS3(o.root, dataDir, accessKeyId, secretAccessKey, bucket, o.s3Port);
    if (s3) closers.push(() => s3.close());
    const logOption = o.platformLog ? { log: o.platformLog } : {};
    const gatewaySettings = { ...scoped(env, 'gateway_'), ...o.gateway };
    // The provider asks for the gateway's credentials on /system/* whenever the gateway does
    // (faas-netes' chart sets basic_auth alike on both): without them, any local process
    // could deploy a function. A gateway without basic auth would send none, hence "alike".
    // Replica TMPDIRs under the data folder too: one place to look, swept of dead providers' at start.
    const provider = await startProvider(
      readProviderConfig({ secret_mount_path: secrets, state_dir: path.join(dataDir, 'provider'), basic_auth: gatewaySettings.basic_auth ?? 'true', ...scoped(env, 'provider_'), ...o.provider }, o.root),
      { env, ...logOption },
    );
    closers.push(() => provider.close(5_000));
    // A function's com.openfaas.queue names a queue that gets its own worker.
    const queues = [...new Set(stack.functions.map((f) => f.annotations['com.openfaas.queue']).filter((q): q is string => Boolean(q)))];
    const queue = o.queue
      ? await startEmbeddedQueue({ dir: path.join(dataDir, 'nats'), secretsDir: secrets, settings: { ...scoped(env, 'queue_'), ...o.queueSettings }, queues, log: o.platformLog ?? log })
      : undefined;
    if (queue) closers.push(() => queue.close());
    let gateway: EmbeddedPlatform['gateway'];
    if (o.gatewayUrl !== undefined) {
      gateway = { url: o.gatewayUrl.replace(/\/$/, '') };
    } else {
      const gatewayEnv: Record<string, string> = { secret_mount_path: secrets, ...gatewaySettings, functions_provider_url: provider.url };
      if (o.port !== undefined) gatewayEnv.port = o.port;
      const running = await startGateway(readGatewayConfig(gatewayEnv, o.root), { env, ...logOption, ...(queue ? { queue: queue.publisher } : {}) });
      closers.push(() => running.close());
      gateway = running;
    }
    // Workers call functions through the gateway: stopped before it, NATS after it (closers
    // run in reverse), so no call reaches a gateway that has lost its queue.
    if (queue) {
      await queue.startWorkers(gateway.url);
      closers.push(() => queue.stopWorkers());
    }

    const deployed: string[] = [];
    const failed: string[] = [];
    for (const fn of stack.functions.filter((f) => !o.only || o.only.includes(f.name))) {
      const deployment = toDeployment(fn);
      const extra = o.functions?.[fn.name];
      deployment.envVars = { ...deployment.envVars, ...(s3 ? { S3_ENDPOINT: s3.endpoint } : {}), ...extra?.envVars };
      // The orchestrator calls the stages through this gateway.
      if (fn.name === 'orchestrator') deployment.envVars.OPENFAAS_URL = gateway.url;
      if (extra) deployment.labels = { ...deployment.labels, ...extra.labels };
      if (extra?.memory) deployment.limits = { ...deployment.limits, memory: extra.memory };
      else if (extra?.memory === null && deployment.limits) delete deployment.limits.memory;
      // The embedded provider runs the stage's source, not the build context the image uses.
      if (fn.buildArgs.STAGE) deployment.annotations = { ...deployment.annotations, 'com.fave.entry': `stages/${fn.buildArgs.STAGE}/index.ts` };
      if (extra?.annotations) deployment.annotations = { ...deployment.annotations, ...extra.annotations };
      const res = await fetch(`${provider.url}/system/functions`, {
        method: 'POST', body: JSON.stringify(deployment), headers: { 'Content-Type': 'application/json', Authorization: authorization },
      });
      const text = await res.text();
      if (res.status === 202) deployed.push(fn.name);
      else failed.push(fn.name);
      log(res.status === 202 ? `deployed ${fn.name}` : `could not deploy ${fn.name}: ${res.status} ${text}`);
    }
    return {
      gateway,
      provider,
      secretsDir: secrets,
      bucket,
      ...(s3 ? { s3: { endpoint: s3.endpoint, accessKeyId, secretAccessKey } } : {}),
      ...(queue ? { queue } : {}),
      authorization,
      deployed,
      failed,
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
