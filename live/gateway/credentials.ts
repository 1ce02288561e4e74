import { readFileSync } from 'node:fs';
import path from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../openfaas/errors.ts';
import type { Env } from '../openfaas/env.ts';

// Basic-auth credentials for /system/*: env OPENFAAS_USERNAME/OPENFAAS_PASSWORD, else the
// secret files basic-auth-user/basic-auth-password that the OpenFaaS chart mounts.
// The values never appear in messages or logs.

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

export function authorizationHeader(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')}`;
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** True when the Authorization header carries these credentials. */
export function authorized(header: string | undefined, credentials: Credentials): boolean {
  const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
  if (!match) return false;
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 && same(decoded.slice(0, colon), credentials.user) && same(decoded.slice(colon + 1), credentials.password);
}
