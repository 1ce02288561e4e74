import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DURATION_FORMS, parseWatchdogDuration } from './duration.ts';
import { StageConfigError } from './errors.ts';

export type Env = Readonly<Record<string, string | undefined>>;

/** Runtime settings; every variable is listed in README.md with its default. */
export interface StageConfig {
  host: string;
  port: number;
  /** 0 = unlimited, as in of-watchdog. */
  maxInflight: number;
  /** of-watchdog's `exec_timeout` in ms; 0 = none. Unset is 0 here, not of-watchdog's 30 s: on
   * a cluster the watchdog in front enforces its own, and the embedded platform always sets it. */
  execTimeoutMs: number;
  maxBodyBytes: number;
  maxInputBytes: number;
  bucket: string;
  /** From `memory_limit_mb`; undefined means "ask the cgroup" (see memory.ts). */
  memoryLimitMB: number | undefined;
  /** `LOCAL_ONLY=true`: refuse foreign Host and Origin headers (local-server.ts). The
   * embedded provider sets it; behind of-watchdog in a cluster it stays off, since the
   * watchdog passes on its callers' Host and Origin. */
  localOnly: boolean;
  /** `READY_LOCK_FILE`: written once init finished, removed when draining (ready-lock.ts).
   * The image sets it to of-watchdog's /tmp/.lock with suppress_lock=true. */
  readyLockFile: string | undefined;
  /** `READY_LOCK_WHEN`: 'init' (default) writes the lock once init finished; 'listen' as soon
   * as the server listens, calls then waiting for init. faas-netes' liveness probe is the same
   * lock check (2 s delay, 2 s period, 3 failures), so an init much over 6 s needs 'listen'. */
  readyLockWhen: 'init' | 'listen';
}

export interface S3Connection {
  bucket: string;
  region: string;
  /** Set for MinIO / the embedded server; implies path-style addressing. */
  endpoint: string | undefined;
  forcePathStyle: boolean;
  accessKeyId: string;
  secretAccessKey: string;
}

/** "Not set" (undefined or empty) differs from a bad value, which always throws. */
function isUnset(value: string | undefined): value is undefined | '' {
  return value === undefined || value.trim() === '';
}

export function parseIntegerVar(env: Env, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (isUnset(raw)) return fallback;
  const text = raw.trim();
  if (!/^\d+$/.test(text)) throw new StageConfigError(name, raw, `an integer >= ${min}`);
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < min) throw new StageConfigError(name, raw, `an integer >= ${min}`);
  return value;
}

export function parseBucket(env: Env): string {
  const bucket = env.S3_BUCKET?.trim() ?? '';
  // S3 bucket naming rules (lowercase, digits, dots, hyphens; 3–63 chars).
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new StageConfigError('S3_BUCKET', env.S3_BUCKET, 'a bucket name (3-63 chars of a-z, 0-9, ".", "-")');
  }
  return bucket;
}

export function parseStageConfig(env: Env): StageConfig {
  const bucket = parseBucket(env);
  const memory = env.memory_limit_mb;
  return {
    host: isUnset(env.HOST) ? '127.0.0.1' : env.HOST.trim(),
    port: parsePort(env),
    maxInflight: parseIntegerVar(env, 'max_inflight', 0),
    execTimeoutMs: parseDurationVar(env, 'exec_timeout', 0),
    maxBodyBytes: parseIntegerVar(env, 'MAX_BODY_BYTES', 1024 * 1024, 1),
    maxInputBytes: parseIntegerVar(env, 'MAX_INPUT_BYTES', 512 * 1024 * 1024, 1),
    bucket,
    memoryLimitMB: isUnset(memory) ? undefined : parseIntegerVar(env, 'memory_limit_mb', 0, 1),
    localOnly: parseEnumVar(env, 'LOCAL_ONLY', ['true', 'false'], 'false') === 'true',
    readyLockFile: parseLockPath(env),
    readyLockWhen: parseEnumVar(env, 'READY_LOCK_WHEN', ['init', 'listen'], 'init'),
  };
}

/** A duration in ms, in OpenFaaS's forms (duration.ts); a bad value throws, naming the variable. */
export function parseDurationVar(env: Env, name: string, fallbackMs: number): number {
  const raw = env[name];
  if (isUnset(raw)) return fallbackMs;
  const ms = parseWatchdogDuration(raw);
  if (ms === undefined) throw new StageConfigError(name, raw, DURATION_FORMS);
  return ms;
}

function parseLockPath(env: Env): string | undefined {
  const raw = env.READY_LOCK_FILE;
  if (isUnset(raw)) return undefined;
  if (!raw.trim().startsWith('/')) throw new StageConfigError('READY_LOCK_FILE', raw, 'an absolute path such as /tmp/.lock');
  return raw.trim();
}

function parsePort(env: Env): number {
  const port = parseIntegerVar(env, 'PORT', 3000);
  if (port > 65535) throw new StageConfigError('PORT', env.PORT, 'a port number 0-65535');
  return port;
}

export type SecretReader = (path: string) => string | undefined;

/** Reads an OpenFaaS secret file; a missing file is "not set", other I/O errors propagate. */
export const readSecretFile: SecretReader = (path) => {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
};

/**
 * S3 connection from env, credentials from env or OpenFaaS secret files. `readSecret` is
 * injected so this stays a pure function of its inputs in tests.
 */
export function parseS3Connection(env: Env, readSecret: SecretReader = readSecretFile): S3Connection {
  const bucket = parseBucket(env);
  const endpoint = isUnset(env.S3_ENDPOINT) ? undefined : env.S3_ENDPOINT.trim();
  if (endpoint !== undefined && !/^https?:\/\/[^/\s]+/.test(endpoint)) {
    throw new StageConfigError('S3_ENDPOINT', env.S3_ENDPOINT, 'an http(s):// URL');
  }
  const region = isUnset(env.S3_REGION) ? 'us-east-1' : env.S3_REGION.trim();
  if (!/^[a-z0-9-]+$/.test(region)) throw new StageConfigError('S3_REGION', env.S3_REGION, 'a region such as us-east-1');
  const secretsDir = isUnset(env.SECRETS_DIR) ? '/var/openfaas/secrets' : env.SECRETS_DIR.trim();
  const accessKeyId = credential(env, 'S3_ACCESS_KEY', join(secretsDir, 's3-access-key'), readSecret);
  const secretAccessKey = credential(env, 'S3_SECRET_KEY', join(secretsDir, 's3-secret-key'), readSecret);
  return { bucket, region, endpoint, forcePathStyle: endpoint !== undefined, accessKeyId, secretAccessKey };
}

function credential(env: Env, name: string, secretPath: string, readSecret: SecretReader): string {
  const fromEnv = env[name];
  if (!isUnset(fromEnv)) return fromEnv.trim();
  const fromFile = readSecret(secretPath);
  if (fromFile !== undefined && fromFile !== '') return fromFile;
  // The message names where we looked, never a value.
  throw new StageConfigError(name, undefined, `a credential in ${name} or the secret file ${secretPath}`);
}

/** A positive decimal (`0.5`, `2`); anything else is an error naming the variable. */
export function parsePositiveNumberVar(env: Env, name: string, fallback: number, max = Number.MAX_VALUE): number {
  const raw = env[name];
  if (isUnset(raw)) return fallback;
  const text = raw.trim();
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || value <= 0 || value > max) {
    throw new StageConfigError(name, raw, `a number > 0 and <= ${max}`);
  }
  return value;
}

export function parseEnumVar<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (isUnset(raw)) return fallback;
  const text = raw.trim() as T;
  if (!allowed.includes(text)) throw new StageConfigError(name, raw, `one of ${allowed.join(', ')}`);
  return text;
}
