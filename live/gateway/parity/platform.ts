import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import readProviderConfig from '../../provider/config.ts';
import startProvider, { type RunningProvider } from '../../provider/provider.ts';
import readGatewayConfig from '../config.ts';
import startGateway, { type RunningGateway } from '../gateway.ts';

// The one set-up both sides of the parity transcript share: FAVE's provider (live/testfn
// functions as processes) and, in front of it, the gateway under test with these settings.
// The real gateway was started with the same values as env (see the transcript's header).

const root = path.resolve(import.meta.dirname, '../../..');

/** Gateway settings of the recording: a short upstream_timeout so one call can exceed it. */
export const GATEWAY_ENV = {
  function_namespace: 'openfaas-fn', scale_from_zero: 'true', basic_auth: 'true', read_timeout: '10s', write_timeout: '10s', upstream_timeout: '1s',
} as const;
/** The recorded gateway is the Community Edition, which clamps every scale request; it ran
 * without Prometheus/Alertmanager, so nothing autoscaled it. */
const FAVE_ONLY_ENV = { community_edition: 'true', autoscaling: 'false' } as const;

export async function writeSecrets(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(path.join(dir, 'basic-auth-user'), 'admin', { mode: 0o600 });
  await writeFile(path.join(dir, 'basic-auth-password'), randomBytes(12).toString('base64url'), { mode: 0o600 });
}

export function startParityProvider(secretsDir: string, log: (line: string) => void = () => undefined): Promise<RunningProvider> {
  return startProvider(readProviderConfig({
    port: '0', secret_mount_path: secretsDir, basic_auth: 'true', read_timeout: '10s', write_timeout: '10s',
    readiness_initial_delay: '100ms', readiness_period: '100ms', termination_grace: '2s',
  }, root), { log });
}

export function startParityGateway(providerUrl: string, secretsDir: string, log: (line: string) => void = () => undefined): Promise<RunningGateway> {
  return startGateway(readGatewayConfig({ ...GATEWAY_ENV, ...FAVE_ONLY_ENV, port: '0', secret_mount_path: secretsDir, functions_provider_url: providerUrl }, root), { log });
}

// tsx live/gateway/parity/platform.ts <secrets-dir>: a provider for recording the real gateway.
if (process.argv[1] && path.resolve(process.argv[1]) === import.meta.filename) {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: platform.ts <secrets-dir>');
  await writeSecrets(dir);
  const provider = await startParityProvider(dir, (l) => process.stderr.write(`provider: ${l}\n`));
  process.stdout.write(`${provider.url}\n`);
  process.on('SIGTERM', () => void provider.close().then(() => process.exit(0)));
}
