import { ConfigError } from './errors.ts';
import parseDuration from './duration.ts';

// Strict readers over an env map: "not set" takes the documented default, a bad value is
// an error that names the variable (never a silent fallback, unlike the Go originals).
export type Env = Readonly<Record<string, string | undefined>>;

function raw(env: Env, key: string): string | undefined {
  const value = env[key];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

export function readString(env: Env, key: string, fallback: string): string {
  return raw(env, key) ?? fallback;
}

export function readDurationMs(env: Env, key: string, fallbackMs: number): number {
  const value = raw(env, key);
  return value === undefined ? fallbackMs : parseDuration(key, value);
}

export function readBool(env: Env, key: string, fallback: boolean): boolean {
  const value = raw(env, key);
  if (value === undefined) return fallback;
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw new ConfigError(key, value, 'expected true or false');
}

export function readInt(env: Env, key: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const value = raw(env, key);
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value)) throw new ConfigError(key, value, 'expected a whole number');
  const n = Number(value);
  if (n < min || n > max) throw new ConfigError(key, value, `must be between ${min} and ${max}`);
  return n;
}

export function readHost(env: Env, key: string, fallback: string): string {
  const value = raw(env, key) ?? fallback;
  if (!/^[\w.:-]+$/.test(value)) throw new ConfigError(key, value, 'expected a host name or IP address');
  return value;
}
