import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ConfigError } from './errors.ts';
import type { Env } from './env.ts';

// Basic-auth credentials for /system/* of the gateway and the provider: env
// OPENFAAS_USERNAME/OPENFAAS_PASSWORD, else the secret files basic-auth-user/basic-auth-password
// that the OpenFaaS chart mounts. The values never appear in messages or logs.

export interface Credentials {
  user: string;
  password: string;
}

function readSecret(dir: string, name: string): string | undefined {
  try {
    return readFileSync(path.join(dir, name), 'utf8').trim();
  } catch {
    return undefined;
  }
}

export function loadCredentials(env: Env, secretMountPath: string): Credentials {
  const user = env.OPENFAAS_USERNAME || readSecret(secretMountPath, 'basic-auth-user');
  const password = env.OPENFAAS_PASSWORD || readSecret(secretMountPath, 'basic-auth-password');
  if (!user || !password) {
    throw new ConfigError(
      'basic_auth',
      'true',
      `needs OPENFAAS_USERNAME and OPENFAAS_PASSWORD, or files basic-auth-user and basic-auth-password in ${secretMountPath}`,
    );
  }
  return { user, password };
}

/** The one rule for every command that calls a gateway as a client (calibrate, live run):
 * the user from OPENFAAS_USERNAME, else the secret file basic-auth-user, else "admin" (faas-cli
 * login's default user, commands/login.go); the password from OPENFAAS_PASSWORD, else the
 * secret file basic-auth-password. Without a password there is no Authorization header: a
 * gateway with basic_auth off needs none, and one with it on answers 401, which the caller
 * turns into "set OPENFAAS_PASSWORD". */
export function clientCredentials(env: Env, secretsDir: string): Credentials | undefined {
  const password = env.OPENFAAS_PASSWORD || readSecret(secretsDir, 'basic-auth-password');
  if (!password) return undefined;
  return { user: env.OPENFAAS_USERNAME || readSecret(secretsDir, 'basic-auth-user') || 'admin', password };
}

export function authorizationHeader(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;
}

/** Constant time, length included: digests of equal size are compared, never the strings. */
function same(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

/** True when the Authorization header carries these credentials. */
export function authorized(header: string | undefined, credentials: Credentials): boolean {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return false;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  // Both compared whatever the first gives, so the time does not tell which one was wrong.
  const userOk = same(colon >= 0 ? decoded.slice(0, colon) : '', credentials.user);
  const passwordOk = same(colon >= 0 ? decoded.slice(colon + 1) : decoded, credentials.password);
  return colon >= 0 && userOk && passwordOk;
}
