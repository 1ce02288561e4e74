import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { STAGE_NAMES } from '../e2e/pipeline-client.ts';
import { readPlatformRecord, type PlatformRecord } from '../run/platform-file.ts';
import { authorizationHeader, clientCredentials, type Credentials } from './credentials.ts';
import type { Env } from './env.ts';

// What the real-gateway suite (real-gateway.opt-in.test.ts) finds behind OPENFAAS_URL: FAVE's
// provider and S3 as `./fave live up --gateway-url <OPENFAAS_URL>` runs them, found through
// the platform.json that `up` records (live/run/platform-file.ts); credentials by the one rule
// (credentials.ts: OPENFAAS_USERNAME / OPENFAAS_PASSWORD, else up's secret files).

export const REAL_GATEWAY_HINT = [
  'Build the real OpenFaaS gateway from source and start it in front of FAVE\'s provider (docs/real-gateway.md):',
  '  1. scripts/real-gateway.sh build <clone of github.com/openfaas/faas> /tmp/openfaas-gateway',
  '  2. provider_port=18081 ./fave live up --gateway-url http://127.0.0.1:18080',
  '  3. scripts/real-gateway.sh start /tmp/openfaas-gateway --port 18080 --metrics-port 18082 --provider http://127.0.0.1:18081 --secrets .fave/secrets',
  '  4. OPENFAAS_URL=http://127.0.0.1:18080 npx vitest run -c vitest.opt-in.config.ts live/openfaas/real-gateway.opt-in.test.ts',
].join('\n');

export interface RealGatewayPlatform {
  record: PlatformRecord;
  bucket: string;
  /** GET /system/info and each pipeline function through the gateway: FAVE's provider behind it, the pipeline deployed. */
  checkGateway(credentials: Credentials): Promise<void>;
  putFile(localPath: string, key: string): Promise<string>;
  getJson<T>(key: string): Promise<T>;
  listKeys(prefix: string): Promise<string[]>;
  close(): void;
}

/** The platform `live up --gateway-url <gateway>` recorded under `<cwd>/.fave`, or an error saying what to start. */
export function connectRealGatewayPlatform(gateway: string, env: Env, cwd: string): { platform: RealGatewayPlatform; credentials: Credentials } {
  const found = readPlatformRecord(path.join(cwd, '.fave'));
  if ('missing' in found) throw new Error(`FAVE's provider and S3 are not running behind the gateway: ${found.missing}.\n${REAL_GATEWAY_HINT}`);
  const record = found.record;
  if (record.gateway.replace(/\/$/, '') !== gateway) {
    throw new Error(`the running platform (${path.join(cwd, '.fave/platform.json')}) is fronted by ${record.gateway}, not OPENFAAS_URL=${gateway}: start it with ./fave live up --gateway-url ${gateway}`);
  }
  if (record.s3 === null) throw new Error('the running platform has no S3 (started with --no-s3): the pipeline needs it; start live up without --no-s3');
  const credentials = clientCredentials(env, record.secretsDir);
  if (!credentials) throw new Error(`no gateway password: set OPENFAAS_PASSWORD, or let live up write ${record.secretsDir}/basic-auth-password`);
  const secret = (name: string) => readFileSync(path.join(record.secretsDir, name), 'utf8').trim();
  const s3 = new S3Client({
    endpoint: record.s3, region: 'us-east-1', forcePathStyle: true,
    credentials: { accessKeyId: secret('s3-access-key'), secretAccessKey: secret('s3-secret-key') },
  });
  const bucket = record.bucket;
  const platform: RealGatewayPlatform = {
    record, bucket,
    async checkGateway(c) {
      const auth = { authorization: authorizationHeader(c) };
      const info = await fetch(`${gateway}/system/info`, { headers: auth });
      if (info.status === 401) throw new Error(`${gateway} refuses the credentials (401): set OPENFAAS_USERNAME / OPENFAAS_PASSWORD to the gateway's`);
      if (info.status !== 200) throw new Error(`GET ${gateway}/system/info answered ${info.status}: ${(await info.text()).slice(0, 200)}`);
      const provider = ((await info.json()) as { provider?: { provider?: string } }).provider?.provider;
      if (provider !== 'faas-fave') throw new Error(`${gateway} fronts provider '${provider}', not FAVE's (faas-fave): its functions_provider_url must be ${record.provider}/`);
      for (const name of ['orchestrator', ...STAGE_NAMES]) {
        const status = (await fetch(`${gateway}/system/function/${name}`, { headers: auth })).status;
        if (status !== 200) throw new Error(`GET ${gateway}/system/function/${name} answered ${status}: live up deploys the pipeline's functions (live/openfaas/stack.yml)`);
      }
    },
    async putFile(localPath, key) {
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: readFileSync(localPath) }));
      return `s3://${bucket}/${key}`;
    },
    async getJson<T>(key: string) {
      const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return JSON.parse(await out.Body!.transformToString()) as T;
    },
    async listKeys(prefix) {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        keys.push(...(page.Contents ?? []).map((o) => o.Key!));
        token = page.NextContinuationToken;
      } while (token);
      return keys;
    },
    close: () => s3.destroy(),
  };
  return { platform, credentials };
}

/** The keys of every `s3://<bucket>/<key>` string anywhere in a JSON value. */
export function s3UrisIn(value: unknown, bucket: string): string[] {
  const prefix = `s3://${bucket}/`;
  if (typeof value === 'string') return value.startsWith(prefix) ? [value.slice(prefix.length)] : [];
  if (Array.isArray(value)) return value.flatMap((v) => s3UrisIn(v, bucket));
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap((v) => s3UrisIn(v, bucket));
  return [];
}
