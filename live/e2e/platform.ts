import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import readGatewayConfig from '../gateway/config.ts';
import startGateway, { type RunningGateway } from '../gateway/gateway.ts';
import { startEmbeddedQueue, type EmbeddedQueue } from '../queue/embedded-queue.ts';
import { STAGE_NAMES } from './pipeline-client.ts';
import parseStack, { toDeployment } from '../openfaas/stack.ts';
import type { FunctionStatus } from '../openfaas/types.ts';
import readProviderConfig from '../provider/config.ts';
import startProvider, { type RunningProvider } from '../provider/provider.ts';
import { startS3Server, type S3Server } from '../s3/startS3Server.ts';

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const STACK_FILE = join(REPO_ROOT, 'live/openfaas/stack.yml');

export interface PlatformOptions {
  /** Functions of the stack to deploy; default the pipeline: the orchestrator and its seven
   * stages (not sim-runner, which would only take memory and a start-up from them). */
  functions?: readonly string[];
  /** Extra env for every deployed function (after the stack's). */
  functionEnv?: Record<string, string>;
  /** Extra env for the orchestrator only. */
  orchestratorEnv?: Record<string, string>;
  /** Provider / gateway variables (unprefixed), over the test defaults below. */
  provider?: Record<string, string>;
  gateway?: Record<string, string>;
  /** Queue-worker variables (unprefixed): when given, the async path runs (nats-server in the
   * temp dir, a queue-worker process); without, the gateway has no /async-function. */
  queue?: Record<string, string>;
  /** Receives provider log lines (replica stdout carries telemetry). */
  log?: (line: string) => void;
}

export interface Platform {
  gatewayUrl: string;
  providerUrl: string;
  bucket: string;
  s3Endpoint: string;
  /** Secret files (s3-access-key, s3-secret-key, basic-auth-*), as SECRETS_DIR for stages. */
  secretsDir: string;
  /** TMPDIR of every replica: stage temp dirs (`fave-<stage>-*`) land here. */
  replicaTmp: string;
  gateway: RunningGateway;
  provider: RunningProvider;
  queue?: EmbeddedQueue;
  putFile(localPath: string, key: string): Promise<string>;
  getJson<T>(key: string): Promise<T>;
  /** Stage temp dirs still present under replicaTmp. */
  leftoverTempDirs(): Promise<string[]>;
  waitReady(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * The embedded OpenFaaS (S3 + provider + gateway) with the stack deployed, as
 * `./fave live up` does it, but everything private to one temp dir: its own S3 data,
 * secrets and replica TMPDIR, ephemeral ports, a fast readiness probe.
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const root = await mkdtemp(join(tmpdir(), 'fave-e2e-'));
  const secrets = join(root, 'secrets');
  const replicaTmp = join(root, 'tmp');
  await mkdir(secrets, { mode: 0o700 });
  await mkdir(replicaTmp);
  const credentials = { accessKeyId: randomBytes(9).toString('hex'), secretAccessKey: randomBytes(18).toString('base64url') };
  for (const [name, value] of Object.entries({
    's3-access-key': credentials.accessKeyId, 's3-secret-key': credentials.secretAccessKey,
    'basic-auth-user': 'admin', 'basic-auth-password': randomBytes(12).toString('base64url'),
  })) await writeFile(join(secrets, name), value, { mode: 0o600 });

  const stack = parseStack(await readFile(STACK_FILE, 'utf8'), STACK_FILE, {});
  const wanted = options.functions ?? ['orchestrator', ...STAGE_NAMES];
  const bucket = stack.functions[0]!.environment.S3_BUCKET ?? 'fave';
  const cleanups: Array<() => Promise<void>> = [() => rm(root, { recursive: true, force: true })];
  const close = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  };
  try {
    const s3: S3Server = await startS3Server({ dataDir: join(root, 's3'), port: 0, ...credentials });
    cleanups.push(() => s3.close());
    const client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    cleanups.push(async () => client.destroy());
    await client.send(new CreateBucketCommand({ Bucket: bucket }));

    const provider = await startProvider(readProviderConfig({
      port: '0', secret_mount_path: secrets, read_timeout: '300s', write_timeout: '300s',
      readiness_initial_delay: '200ms', readiness_period: '200ms', termination_grace: '5s',
      // Stage temp dirs straight in replicaTmp, where leftoverTempDirs() sees a stage's own leaks.
      private_tmp: 'false', ...options.provider,
    }, REPO_ROOT), { log: options.log ?? (() => undefined) });
    cleanups.push(() => provider.close(5_000));
    const queue = options.queue
      ? await startEmbeddedQueue({ dir: join(root, 'nats'), secretsDir: secrets, settings: options.queue, log: options.log ?? (() => undefined) })
      : undefined;
    if (queue) cleanups.push(() => queue.close());
    const gateway = await startGateway(readGatewayConfig({
      port: '0', secret_mount_path: secrets, functions_provider_url: provider.url,
      read_timeout: '300s', write_timeout: '300s', upstream_timeout: '300s', ...options.gateway,
    }, REPO_ROOT), { log: options.log ?? (() => undefined), ...(queue ? { queue: queue.publisher } : {}) });
    cleanups.push(() => gateway.close());
    if (queue) {
      await queue.startWorkers(gateway.url);
      cleanups.push(() => queue.stopWorkers());
    }

    for (const fn of stack.functions.filter((f) => wanted.includes(f.name))) {
      const deployment = toDeployment(fn);
      deployment.envVars = {
        ...deployment.envVars, S3_ENDPOINT: s3.endpoint, TMPDIR: replicaTmp, ...options.functionEnv,
        ...(fn.name === 'orchestrator' ? { OPENFAAS_URL: gateway.url, ...options.orchestratorEnv } : {}),
      };
      // As `live up`: the embedded provider runs the stage's source, not the image's build context.
      deployment.annotations = { ...deployment.annotations, 'com.fave.entry': `stages/${fn.buildArgs.STAGE ?? fn.name}/index.ts` };
      const res = await fetch(`${provider.url}/system/functions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(deployment) });
      if (res.status !== 202) throw new Error(`deploying ${fn.name} failed: ${res.status} ${await res.text()}`);
    }

    const waitReady = async (timeoutMs = 90_000): Promise<void> => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const list = (await (await fetch(`${provider.url}/system/functions`)).json()) as FunctionStatus[];
        const pending = list.filter((f) => (f.availableReplicas ?? 0) < 1).map((f) => f.name);
        if (pending.length === 0) return;
        if (Date.now() > deadline) throw new Error(`functions not ready after ${timeoutMs} ms: ${pending.join(', ')}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    };

    return {
      gatewayUrl: gateway.url, providerUrl: provider.url, bucket, s3Endpoint: s3.endpoint, secretsDir: secrets, replicaTmp, gateway, provider, waitReady, close,
      ...(queue ? { queue } : {}),
      async putFile(localPath, key) {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: await readFile(localPath) }));
        return `s3://${bucket}/${key}`;
      },
      async getJson<T>(key: string): Promise<T> {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return JSON.parse(await out.Body!.transformToString()) as T;
      },
      async leftoverTempDirs() {
        return (await readdir(replicaTmp)).filter((name) => name.startsWith('fave-'));
      },
    };
  } catch (error) {
    await close();
    throw error;
  }
}
