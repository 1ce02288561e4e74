import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { FAKE_STAGE_NAMES } from '../../stages/orchestrator/fake-stages.ts';
import type { RequestState } from '../../stages/orchestrator/request-state.ts';
import { parseTelemetryLines, type TelemetryRecord } from '../../stages/runtime/telemetry.ts';
import readGatewayConfig from '../gateway/config.ts';
import startGateway, { type RunningGateway } from '../gateway/gateway.ts';
import type { FunctionDeployment, FunctionStatus } from '../openfaas/types.ts';
import readProviderConfig from '../provider/config.ts';
import startProvider, { type RunningProvider } from '../provider/provider.ts';
import { startS3Server, type S3Server } from '../s3/startS3Server.ts';

// The whole embedded OpenFaaS (S3 + provider + gateway) running the real orchestrator in
// front of the seven fake stages, each its own replica process: light enough for tens of
// concurrent pipelines on 2 cores, real enough that every state write is HTTP to S3 and
// every stage call goes gateway → provider → replica. Faults are injected through it.

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const BUCKET = 'fave';

export interface FakePlatformOptions {
  clips?: number;
  framesPerClip?: number;
  /** FAKE_DELAY_MS per stage (default 0). */
  stageDelayMs?: Partial<Record<string, number>>;
  /** Extra orchestrator env (STAGE_TIMEOUT_MS, MAX_PARALLEL_CALLS, …). */
  orchestratorEnv?: Record<string, string>;
  /** Provider / gateway variables (unprefixed) over the defaults (timeouts 60 s). */
  provider?: Record<string, string>;
  gateway?: Record<string, string>;
}

export interface PipelineAnswer {
  requestId: string;
  status: number;
  body: Record<string, any>;
  ms: number;
}

export interface FakePlatform {
  gatewayUrl: string;
  provider: RunningProvider;
  gateway: RunningGateway;
  /** The S3 server now running (replaced by restartS3). */
  s3(): S3Server;
  stopS3(): Promise<void>;
  /** Starts S3 again on the same port and data dir. */
  restartS3(): Promise<void>;
  video: string;
  runPipeline(requestId: string, options: Record<string, unknown>): Promise<PipelineAnswer>;
  readState(requestId: string): Promise<RequestState | null>;
  objectExists(uri: string): Promise<boolean>;
  /** Telemetry lines the replicas printed (one per stage call), in arrival order. */
  telemetry: TelemetryRecord[];
  /** Replica TMPDIRs present now (one per live replica) and `fave-*` temp dirs inside them. */
  tempDirs(): Promise<{ replicas: string[]; leftovers: string[] }>;
  waitReady(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export async function startFakePlatform(options: FakePlatformOptions = {}): Promise<FakePlatform> {
  const root = await mkdtemp(join(tmpdir(), 'fave-rel-'));
  const secrets = join(root, 'secrets');
  const replicaTmp = join(root, 'tmp');
  const dataDir = join(root, 's3');
  await mkdir(secrets, { mode: 0o700 });
  await mkdir(replicaTmp);
  const credentials = { accessKeyId: randomBytes(9).toString('hex'), secretAccessKey: randomBytes(18).toString('base64url') };
  await writeFile(join(secrets, 's3-access-key'), credentials.accessKeyId, { mode: 0o600 });
  await writeFile(join(secrets, 's3-secret-key'), credentials.secretAccessKey, { mode: 0o600 });

  const cleanups: Array<() => Promise<unknown>> = [() => rm(root, { recursive: true, force: true })];
  const close = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  };
  const telemetry: TelemetryRecord[] = [];
  // Replica stdout is telemetry only (stages/runtime); the provider prefixes `[replica-id] `.
  const log = (line: string) => {
    const text = line.replace(/^\[[^\]]+\] /, '');
    if (text.startsWith('{"')) {
      try {
        telemetry.push(...parseTelemetryLines(text));
      } catch {
        // Not a telemetry line.
      }
    }
  };
  try {
    let s3 = await startS3Server({ dataDir, port: 0, ...credentials });
    const s3Port = s3.port;
    cleanups.push(() => s3.close());
    const client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    cleanups.push(async () => client.destroy());
    await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'inputs/video.mp4', Body: 'not decoded by the fakes' }));

    const provider = await startProvider(readProviderConfig({
      port: '0', root: ROOT, secret_mount_path: secrets, read_timeout: '60s', write_timeout: '60s',
      // A 500 ms period also makes the probe timeout 500 ms: a replica busy on a loaded machine
      // must miss 3 probes (1.5 s) before it turns unready and calls to it get 503.
      readiness_initial_delay: '100ms', readiness_period: '500ms', termination_grace: '2s', restart_backoff: '1s',
      private_tmp: 'true', ...options.provider,
    }), { log });
    cleanups.push(() => provider.close(2_000));
    const gateway = await startGateway(readGatewayConfig({
      port: '0', functions_provider_url: provider.url, basic_auth: 'false',
      // No autoscaling: the studies measure the replica counts they set.
      read_timeout: '60s', write_timeout: '60s', upstream_timeout: '60s', autoscaling: 'false', ...options.gateway,
    }), { log: () => undefined });
    cleanups.push(() => gateway.close());

    const common = { S3_BUCKET: BUCKET, S3_ENDPOINT: s3.endpoint, S3_REGION: 'us-east-1', TMPDIR: replicaTmp };
    // A function sees only the secrets it names (as the stack names them).
    const secretNames = ['s3-access-key', 's3-secret-key'];
    const deployments: FunctionDeployment[] = [
      ...FAKE_STAGE_NAMES.map((name) => ({
        service: name, image: `fave/fake-${name}:dev`, secrets: secretNames,
        annotations: { 'com.fave.entry': 'live/reliability/fake-stage-main.ts' },
        envVars: {
          ...common, FAKE_STAGE: name, FAKE_CLIPS: String(options.clips ?? 3), FAKE_FRAMES: String(options.framesPerClip ?? 4),
          FAKE_DELAY_MS: String(options.stageDelayMs?.[name] ?? 0),
        },
      })),
      {
        service: 'orchestrator', image: 'fave/orchestrator:dev', secrets: secretNames,
        annotations: { 'com.fave.entry': 'stages/orchestrator/index.ts' },
        envVars: { ...common, OPENFAAS_URL: gateway.url, FANOUT: 'parallel', ...options.orchestratorEnv },
      },
    ];
    for (const deployment of deployments) {
      const res = await fetch(`${provider.url}/system/functions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(deployment) });
      if (res.status !== 202) throw new Error(`deploying ${deployment.service} failed: ${res.status} ${await res.text()}`);
    }

    const parse = (uri: string) => {
      const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
      if (!match) throw new Error(`not an s3:// URI: ${uri}`);
      return { Bucket: match[1]!, Key: match[2]! };
    };
    const platform: FakePlatform = {
      gatewayUrl: gateway.url, provider, gateway,
      s3: () => s3,
      video: `s3://${BUCKET}/inputs/video.mp4`,
      telemetry,
      async stopS3() {
        await s3.close();
      },
      async restartS3() {
        s3 = await startS3Server({ dataDir, port: s3Port, ...credentials });
      },
      async runPipeline(requestId, requestOptions) {
        const started = performance.now();
        let res: Response;
        let text: string;
        try {
          res = await fetch(`${gateway.url}/function/orchestrator`, {
            method: 'POST', headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ requestId, video: platform.video, options: requestOptions }),
          });
          text = await res.text();
        } catch (error) {
          // No HTTP answer at all (socket closed, e.g. past the gateway's write_timeout): status 0.
          const cause = (error as Error & { cause?: Error }).cause?.message ?? (error as Error).message;
          return { requestId, status: 0, body: { error: { cause: 'no-response', message: cause } }, ms: performance.now() - started };
        }
        let body: Record<string, any>;
        try {
          body = JSON.parse(text) as Record<string, any>;
        } catch {
          body = { text };
        }
        return { requestId, status: res.status, body, ms: performance.now() - started };
      },
      async readState(requestId) {
        try {
          const out = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: `requests/${requestId}/metadata/state.json` }));
          return JSON.parse(await out.Body!.transformToString()) as RequestState;
        } catch (error) {
          if ((error as Error).name === 'NoSuchKey') return null;
          throw error;
        }
      },
      async objectExists(uri) {
        try {
          await client.send(new HeadObjectCommand(parse(uri)));
          return true;
        } catch (error) {
          if ((error as Error).name === 'NotFound' || (error as Error).name === 'NoSuchKey') return false;
          throw error;
        }
      },
      async tempDirs() {
        const replicas = (await readdir(replicaTmp)).filter((n) => n.startsWith('replica-'));
        const leftovers: string[] = [];
        for (const dir of replicas) {
          const inside = await readdir(join(replicaTmp, dir)).catch(() => [] as string[]);
          leftovers.push(...inside.filter((n) => n.startsWith('fave-')).map((n) => `${dir}/${n}`));
        }
        // Anything a stage put straight into the shared TMPDIR would be a leak as well.
        leftovers.push(...(await readdir(replicaTmp)).filter((n) => n.startsWith('fave-')));
        return { replicas, leftovers };
      },
      async waitReady(timeoutMs = 60_000) {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const list = (await (await fetch(`${provider.url}/system/functions`)).json()) as FunctionStatus[];
          if (list.length === deployments.length && list.every((f) => (f.availableReplicas ?? 0) >= 1)) return;
          if (Date.now() > deadline) throw new Error(`fake platform not ready after ${timeoutMs} ms`);
          await new Promise((r) => setTimeout(r, 100));
        }
      },
      close,
    };
    return platform;
  } catch (error) {
    await close();
    throw error;
  }
}
