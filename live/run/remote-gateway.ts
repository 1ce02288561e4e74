// A real gateway named by OPENFAAS_URL, as a client sees it: the one credential rule
// (live/openfaas/credentials.ts clientCredentials) and a first call that tells a wrong URL or
// password apart from everything later, before a command writes anything.
import path from 'node:path';
import { authorizationHeader, clientCredentials } from '../openfaas/credentials.ts';
import type { Env } from '../openfaas/env.ts';
import { LiveError } from '../openfaas/errors.ts';
import { GatewayApi } from './gateway-api.ts';

/** Where the client looks for basic-auth-user / basic-auth-password when the env has none. */
export function clientSecretsDir(env: Env, root: string): string {
  return env.OPENFAAS_SECRETS_DIR ?? path.join(root, '.fave/secrets');
}

/** GatewayApi for OPENFAAS_URL with the client's credentials, or none when no password is
 * set (a gateway with basic_auth off). */
export function remoteGatewayApi(url: string, env: Env, root: string): GatewayApi {
  const credentials = clientCredentials(env, clientSecretsDir(env, root));
  return new GatewayApi(url.replace(/\/$/, ''), credentials && authorizationHeader(credentials));
}

/** GET /system/functions answers 200, or the error says what to set; the names deployed. */
export async function checkGateway(api: GatewayApi, secretsDir: string): Promise<string[]> {
  let res: Response;
  try {
    res = await fetch(`${api.url}/system/functions`, {
      headers: api.authorization ? { Authorization: api.authorization } : {},
      signal: AbortSignal.timeout(10_000),
    });
  } catch (e) {
    const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
    throw new LiveError(`cannot reach the gateway at ${api.url} (${cause})`);
  }
  if (res.status === 401) {
    throw new LiveError(
      api.authorization
        ? `the gateway at ${api.url} refused the credentials (401 on GET /system/functions): check OPENFAAS_USERNAME (default admin) and OPENFAAS_PASSWORD`
        : `the gateway at ${api.url} needs credentials (401 on GET /system/functions): set OPENFAAS_PASSWORD (OPENFAAS_USERNAME defaults to admin), or put basic-auth-password in ${secretsDir}`,
    );
  }
  if (res.status !== 200) throw new LiveError(`the gateway at ${api.url} answered ${res.status} to GET /system/functions`);
  return ((await res.json()) as { name: string }[]).map((f) => f.name);
}
