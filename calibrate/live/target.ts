// Where a calibration runs: the embedded platform (started here, private data under the
// work dir so S3 artifacts survive a resume) or a real OpenFaaS when OPENFAAS_URL is set.
// Both are then used the same way: the gateway REST API and an S3 endpoint, nothing else.
import { appendFileSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { GatewayApi } from '../../live/run/gateway-api.ts';
import { checkGateway, clientSecretsDir, remoteGatewayApi } from '../../live/run/remote-gateway.ts';
import { startEmbedded } from '../../live/run/embedded.ts';
import type { Env } from '../../live/openfaas/env.ts';
import parseStack from '../../live/openfaas/stack.ts';
import { TargetError } from '../errors.ts';

export interface Target {
  kind: 'embedded' | 'remote';
  url: string;
  api: GatewayApi;
  authorization: string | undefined;
  /** The object store; absent on a remote target calibrating --function without S3_ENDPOINT. */
  s3: S3Client | undefined;
  s3Endpoint: string | undefined;
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
  /**
   * --function mode: `stages` are any functions. Embedded: deployed from `stackFile` (default
   * live/openfaas/stack.yml), which must define them. Remote: each must answer
   * /system/function/NAME; S3 is optional (measured when S3_ENDPOINT is set).
   */
  functions?: boolean;
  /** The stack the embedded platform deploys (default live/openfaas/stack.yml). */
  stackFile?: string;
}

/** A path as the messages show it: relative to the root when inside it. */
function shown(root: string, file: string): string {
  const rel = path.relative(root, file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
}

/** The embedded platform's stack when none is given. */
export function defaultStack(root: string): string {
  return path.join(root, 'live/openfaas/stack.yml');
}

/** Functions the stack defines; a missing one is a TargetError naming it and the stack. */
export function checkStackHas(root: string, stackFile: string, names: readonly string[]): void {
  const rel = shown(root, stackFile);
  let text: string;
  try {
    text = readFileSync(stackFile, 'utf8');
  } catch (e) {
    throw new TargetError(`--stack ${stackFile}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const defined = parseStack(text, rel).functions.map((f) => f.name);
  const missing = names.filter((n) => !defined.includes(n));
  if (missing.length > 0) {
    throw new TargetError(`not in the stack ${rel}, so the embedded platform cannot deploy ${missing.length > 1 ? 'them' : 'it'}: ${missing.join(', ')} (functions there: ${defined.join(', ')}); give a stack that defines ${missing.length > 1 ? 'them' : 'it'} with --stack FILE, or set OPENFAAS_URL to measure a deployed function`);
  }
}

/** Probe period of the embedded provider during calibration: small, so a cold start's
 *  measured wait is container start + init, not probe steps (the simulator adds those). */
const PROBE = '50ms';

export async function openTarget(o: TargetOptions): Promise<Target> {
  const url = o.env.OPENFAAS_URL;
  if (url) return remote(url.replace(/\/+$/, ''), o);
  const stackFile = o.stackFile ?? defaultStack(o.root);
  if (o.functions) checkStackHas(o.root, stackFile, o.stages);
  const platform = await startEmbedded({
    root: o.root,
    stackFile,
    env: {},
    dataDir: path.join(o.workDir, 'platform'),
    provider: {
      port: '0', readiness_initial_delay: PROBE, readiness_period: PROBE, read_timeout: '300s', write_timeout: '300s', termination_grace: '5s',
      // provider_readiness=watchdog: of-watchdog's default readiness, to see what it does to cold starts (live/provider/readiness.ts).
      ...(o.env.provider_readiness ? { readiness: o.env.provider_readiness } : {}),
    },
    // No autoscaling: calibration sets replica counts itself (contention into one replica).
    gateway: { port: '0', read_timeout: '300s', write_timeout: '300s', upstream_timeout: '300s', autoscaling: 'false' },
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
    throw new TargetError(`embedded platform: could not deploy ${platform.failed.join(', ') || 'S3'}${platform.failed.length > 0 ? ` (the provider's answer is in ${path.join(o.workDir, 'platform.log')})` : ''}`);
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
    readinessNote: `embedded provider, readiness probe every ${PROBE} (initial delay ${PROBE})${o.env.provider_readiness ? `, readiness=${o.env.provider_readiness}` : ''}${o.functions ? `, functions from ${shown(o.root, stackFile)}` : ''}`,
    close: async () => {
      s3.destroy();
      await platform.close();
    },
  };
  try {
    await checkTarget(target, o.stages);
    if (o.env.provider_readiness === 'watchdog') await untilServing(target, o.stages);
  } catch (e) {
    await target.close();
    throw e;
  }
  return target;
}

/**
 * With readiness=watchdog a new replica is "ready" before its process listens, so the first
 * measured calls would fail as cold ones do. A deployed cluster's replicas have long been up
 * when calibration starts: wait until each function's process answers (any status but the
 * watchdog's 500; a GET costs the stage nothing), so that only the cold step meets the problem.
 */
async function untilServing(t: Target, stages: readonly string[], limitMs = 180_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (const stage of stages) {
    for (;;) {
      const res = await fetch(`${t.url}/function/${stage}`, { signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
      await res?.arrayBuffer();
      if (res && res.status !== 500) break;
      if (Date.now() > deadline) throw new TargetError(`${stage}: its process did not answer within ${limitMs / 1000} s of being deployed (provider_readiness=watchdog)`);
      await sleep(100);
    }
  }
}

async function remote(url: string, o: TargetOptions): Promise<Target> {
  const env = o.env;
  const endpoint = env.S3_ENDPOINT;
  // The stages read and write S3; any other function may not: S3 is then measured only if given.
  if (!endpoint && !o.functions) throw new TargetError('OPENFAAS_URL is set but S3_ENDPOINT is not (the stages\' object store, reachable from here)');
  const accessKeyId = env.S3_ACCESS_KEY;
  const secretAccessKey = env.S3_SECRET_KEY;
  if (endpoint && (!accessKeyId || !secretAccessKey)) throw new TargetError('OPENFAAS_URL is set but S3_ACCESS_KEY / S3_SECRET_KEY are not');
  const api = remoteGatewayApi(url, env, o.root);
  const authorization = api.authorization;
  const s3 = endpoint ? new S3Client({ endpoint, region: env.S3_REGION ?? 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: accessKeyId!, secretAccessKey: secretAccessKey! } }) : undefined;
  const target: Target = {
    kind: 'remote',
    url,
    api,
    authorization,
    s3,
    s3Endpoint: endpoint,
    bucket: env.S3_BUCKET ?? 'fave',
    readinessNote: 'remote cluster: containerStart includes the provider\'s readiness-probe steps (faas-netes: 2 s initial delay, 2 s period)',
    close: async () => s3?.destroy(),
  };
  try {
    if (o.functions) {
      await checkTarget(target, [], clientSecretsDir(env, o.root));
      await checkFunctions(target.api, url, o.stages);
    } else {
      await checkTarget(target, o.stages, clientSecretsDir(env, o.root));
    }
  } catch (e) {
    s3?.destroy();
    throw e;
  }
  return target;
}

/** Every function answers GET /system/function/NAME on the gateway; the missing ones are named. */
export async function checkFunctions(api: Pick<GatewayApi, 'status'>, url: string, names: readonly string[]): Promise<void> {
  const missing: string[] = [];
  for (const name of names) if ((await api.status(name)) === undefined) missing.push(name);
  if (missing.length > 0) throw new TargetError(`not deployed on ${url}: ${missing.join(', ')} (GET /system/function/${missing[0]} answered 404); deploy ${missing.length > 1 ? 'them' : 'it'} first (faas-cli deploy)`);
}

/** The gateway answers, accepts the credentials, and has every stage deployed. `secretsDir`
 * is where a missing password could be put, named in the 401 message. */
export async function checkTarget(t: Pick<Target, 'url' | 'authorization'>, stages: readonly string[], secretsDir = '.fave/secrets'): Promise<void> {
  let names: string[];
  try {
    names = await checkGateway(new GatewayApi(t.url, t.authorization), secretsDir);
  } catch (e) {
    throw new TargetError((e as Error).message);
  }
  const missing = stages.filter((s) => !names.includes(s));
  if (missing.length > 0) throw new TargetError(`not deployed on ${t.url}: ${missing.join(', ')} (deployed: ${names.join(', ') || 'none'})`);
}
