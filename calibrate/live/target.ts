// Where a calibration runs: the embedded platform (started here, private data under the
// work dir so S3 artifacts survive a resume) or a real OpenFaaS when OPENFAAS_URL is set.
// Both are then used the same way: the gateway REST API and an S3 endpoint, nothing else.
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { authorizationHeader } from '../../live/openfaas/credentials.ts';
import { GatewayApi } from '../../live/run/gateway-api.ts';
import { startEmbedded } from '../../live/run/embedded.ts';
import type { Env } from '../../live/openfaas/env.ts';
import { TargetError } from '../errors.ts';

export interface Target {
  kind: 'embedded' | 'remote';
  url: string;
  api: GatewayApi;
  authorization: string | undefined;
  s3: S3Client;
  s3Endpoint: string;
  bucket: string;
  /** Provider readiness probe period (embedded: set here; remote: unknown). */
  readinessNote: string;
  close(): Promise<void>;
}

export interface TargetOptions {
  root: string;
  env: Env;
  workDir: string;
  stages: readonly string[];
  log: (line: string) => void;
}

/** Probe period of the embedded provider during calibration: small, so a cold start's
 *  measured wait is container start + init, not probe steps (the simulator adds those). */
const PROBE = '50ms';

export async function openTarget(o: TargetOptions): Promise<Target> {
  const url = o.env.OPENFAAS_URL;
  if (url) return remote(url.replace(/\/+$/, ''), o);
  const platform = await startEmbedded({
    root: o.root,
    stackFile: path.join(o.root, 'live/openfaas/stack.yml'),
    env: {},
    dataDir: path.join(o.workDir, 'platform'),
    provider: { port: '0', readiness_initial_delay: PROBE, readiness_period: PROBE, read_timeout: '300s', write_timeout: '300s', termination_grace: '5s' },
    gateway: { port: '0', read_timeout: '300s', write_timeout: '300s', upstream_timeout: '300s' },
    only: o.stages,
    // Contention is measured into one replica: lift the stack's max_inflight (2).
    functions: Object.fromEntries(o.stages.map((s) => [s, { envVars: { max_inflight: '0' }, labels: {} }])),
    log: () => undefined,
    // Provider, gateway and replica lines (one per call) would break up the progress bar:
    // they go to a file in the work dir, where a failed step can be looked into.
    platformLog: (line) => appendFileSync(path.join(o.workDir, 'platform.log'), `${line}\n`),
  });
  if (platform.failed.length > 0 || !platform.s3) {
    await platform.close();
    throw new TargetError(`embedded platform: could not deploy ${platform.failed.join(', ') || 'S3'}`);
  }
  const { endpoint, accessKeyId, secretAccessKey } = platform.s3;
  const s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
  const target: Target = {
    kind: 'embedded',
    url: platform.gateway.url,
    api: new GatewayApi(platform.gateway.url, platform.authorization),
    authorization: platform.authorization,
    s3,
    s3Endpoint: endpoint,
    bucket: platform.bucket,
    readinessNote: `embedded provider, readiness probe every ${PROBE} (initial delay ${PROBE})`,
    close: async () => {
      s3.destroy();
      await platform.close();
    },
  };
  await checkTarget(target, o.stages);
  return target;
}

async function remote(url: string, o: TargetOptions): Promise<Target> {
  const env = o.env;
  const user = env.OPENFAAS_USERNAME ?? 'admin';
  const password = env.OPENFAAS_PASSWORD;
  if (!password) throw new TargetError('OPENFAAS_URL is set but OPENFAAS_PASSWORD is not (basic auth for /system/*)');
  const endpoint = env.S3_ENDPOINT;
  if (!endpoint) throw new TargetError('OPENFAAS_URL is set but S3_ENDPOINT is not (the stages\' object store, reachable from here)');
  const accessKeyId = env.S3_ACCESS_KEY;
  const secretAccessKey = env.S3_SECRET_KEY;
  if (!accessKeyId || !secretAccessKey) throw new TargetError('OPENFAAS_URL is set but S3_ACCESS_KEY / S3_SECRET_KEY are not');
  const authorization = authorizationHeader({ user, password });
  const s3 = new S3Client({ endpoint, region: env.S3_REGION ?? 'us-east-1', forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
  const target: Target = {
    kind: 'remote',
    url,
    api: new GatewayApi(url, authorization),
    authorization,
    s3,
    s3Endpoint: endpoint,
    bucket: env.S3_BUCKET ?? 'fave',
    readinessNote: 'remote cluster: containerStart includes the provider\'s readiness-probe steps (faas-netes: 2 s initial delay, 2 s period)',
    close: async () => s3.destroy(),
  };
  try {
    await checkTarget(target, o.stages);
  } catch (e) {
    s3.destroy();
    throw e;
  }
  return target;
}

/** The gateway answers, accepts the credentials, and has every stage deployed. */
export async function checkTarget(t: Pick<Target, 'url' | 'authorization'>, stages: readonly string[]): Promise<void> {
  let res: Response;
  try {
    res = await fetch(`${t.url}/system/functions`, { headers: t.authorization ? { Authorization: t.authorization } : {}, signal: AbortSignal.timeout(10_000) });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
    throw new TargetError(`cannot reach the gateway at ${t.url} (${cause})`);
  }
  if (res.status === 401) throw new TargetError(`the gateway at ${t.url} refused the credentials (401 on /system/functions): check OPENFAAS_USERNAME / OPENFAAS_PASSWORD`);
  if (res.status !== 200) throw new TargetError(`the gateway at ${t.url} answered ${res.status} to GET /system/functions`);
  const names = ((await res.json()) as { name: string }[]).map((f) => f.name);
  const missing = stages.filter((s) => !names.includes(s));
  if (missing.length > 0) throw new TargetError(`not deployed on ${t.url}: ${missing.join(', ')} (deployed: ${names.join(', ') || 'none'})`);
}
