import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import readGatewayConfig from './gateway/config.ts';
import startGateway from './gateway/gateway.ts';
import { ConfigError, LiveError } from './openfaas/errors.ts';
import type { Env } from './openfaas/env.ts';
import parseStack, { toDeployment } from './openfaas/stack.ts';
import readProviderConfig from './provider/config.ts';
import startProvider from './provider/provider.ts';

// `npm run live -- up [--stack live/openfaas/stack.yml] [--port 8080]`: the embedded
// platform (S3 + provider + gateway) with the stack deployed; Ctrl-C stops everything.
// Variables prefixed provider_ / gateway_ configure each half (see live/README.md).

const USAGE = 'usage: npm run live -- up [--stack live/openfaas/stack.yml] [--port 8080] [--no-s3]';

/** The variables of one component: `${prefix}name` → `name`. */
function scoped(env: Env, prefix: string): Record<string, string> {
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

async function startS3(root: string, accessKeyId: string, secretAccessKey: string, bucket: string): Promise<{ endpoint: string; close(): Promise<void> } | undefined> {
  const modulePath = path.join(root, 'live/s3/startS3Server.ts');
  if (!existsSync(modulePath)) return undefined;
  const mod = (await import(modulePath)) as { startS3Server?: (o: object) => Promise<{ endpoint: string; close(): Promise<void> }> };
  if (typeof mod.startS3Server !== 'function') return undefined;
  const server = await mod.startS3Server({ dataDir: path.join(root, '.fave/s3'), accessKeyId, secretAccessKey, port: 0 });
  const { S3Client, CreateBucketCommand } = await import('@aws-sdk/client-s3');
  const client = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
  await client.send(new CreateBucketCommand({ Bucket: bucket })).catch((error: Error) => {
    if (!/BucketAlready/.test(error.name)) throw error;
  });
  client.destroy();
  return server;
}

async function up(args: string[], env: Env): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { stack: { type: 'string', default: 'live/openfaas/stack.yml' }, port: { type: 'string' }, 'no-s3': { type: 'boolean', default: false } },
    strict: true,
  });
  const root = process.cwd();
  const stackFile = path.resolve(root, values.stack!);
  const stack = parseStack(readFileSync(stackFile, 'utf8'), values.stack!, env);
  const secrets = path.join(root, '.fave/secrets');
  mkdirSync(secrets, { recursive: true, mode: 0o700 });
  const accessKey = ensureSecret(secrets, 's3-access-key', env.S3_ACCESS_KEY);
  const secretKey = ensureSecret(secrets, 's3-secret-key', env.S3_SECRET_KEY);
  if (!env.OPENFAAS_PASSWORD) ensureSecret(secrets, 'basic-auth-password', undefined);
  if (!env.OPENFAAS_USERNAME && !existsSync(path.join(secrets, 'basic-auth-user'))) writeFileSync(path.join(secrets, 'basic-auth-user'), 'admin', { mode: 0o600 });

  const bucket = stack.functions.find((f) => f.environment.S3_BUCKET)?.environment.S3_BUCKET ?? 'fave';
  const s3 = values['no-s3'] ? undefined : await startS3(root, accessKey, secretKey, bucket);
  const provider = await startProvider(readProviderConfig({ secret_mount_path: secrets, ...scoped(env, 'provider_') }, root));
  const gatewayEnv: Record<string, string> = { secret_mount_path: secrets, ...scoped(env, 'gateway_'), functions_provider_url: provider.url };
  if (values.port !== undefined) gatewayEnv.port = values.port;
  const gateway = await startGateway(readGatewayConfig(gatewayEnv, root), { env });

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    process.stdout.write(`\n${signal}: stopping\n`);
    await gateway.close();
    await provider.close(5_000);
    await s3?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  for (const fn of stack.functions) {
    const deployment = toDeployment(fn);
    if (s3) deployment.envVars = { ...deployment.envVars, S3_ENDPOINT: s3.endpoint };
    // The embedded provider runs the stage's source, not the build context the image uses.
    if (fn.buildArgs.STAGE) deployment.annotations = { ...deployment.annotations, 'com.fave.entry': `stages/${fn.buildArgs.STAGE}/index.ts` };
    const res = await fetch(`${provider.url}/system/functions`, { method: 'POST', body: JSON.stringify(deployment) });
    const text = await res.text();
    process.stdout.write(res.status === 202 ? `deployed ${fn.name}\n` : `could not deploy ${fn.name}: ${res.status} ${text}\n`);
  }
  process.stdout.write(
    [
      `gateway   ${gateway.url}  (basic auth on /system: user and password in ${secrets}/basic-auth-*)`,
      `provider  ${provider.url}`,
      s3 ? `s3        ${s3.endpoint}  (bucket ${bucket}; keys in ${secrets}/s3-*)` : 's3        not started',
      'Ctrl-C stops everything.',
    ].join('\n') + '\n',
  );
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command !== 'up') {
    process.stderr.write(`${USAGE}\n`);
    process.exit(2);
  }
  try {
    await up(rest, process.env);
  } catch (error) {
    process.stderr.write(`live: ${(error as Error).message}\n`);
    process.exit(error instanceof ConfigError ? 3 : error instanceof LiveError ? 4 : 1);
  }
}

await main(process.argv.slice(2));
