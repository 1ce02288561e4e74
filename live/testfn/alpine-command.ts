import path from 'node:path';

// Which command the functions/alpine stand-in (alpine.ts) runs for its fprocess: one of four,
// at fixed paths, and nothing else, so a deploy cannot name a program.

const SECRETS_MOUNT = '/var/openfaas/secrets/';
const SECRET_NAME = /^[a-zA-Z0-9][-._a-zA-Z0-9]*$/;
/** The four commands, by name, at fixed paths (Debian's coreutils). */
const PROGRAMS: Record<string, string> = { env: '/usr/bin/env', cat: '/usr/bin/cat', sha512sum: '/usr/bin/sha512sum' };

/** fprocess → [program, args]; refuses anything but the four commands. */
export function parseFprocess(fprocess: string | undefined, secretsDir: string | undefined): [string, string[]] {
  const parts = (fprocess ?? '').trim().split(/\s+/);
  const program = PROGRAMS[parts[0] ?? ''];
  const allowed = 'env, cat, sha512sum, or cat /var/openfaas/secrets/<name>';
  if (program === undefined) throw new Error(`fprocess '${fprocess ?? ''}' is not one this stand-in runs (${allowed})`);
  if (parts.length === 1) return [program, []];
  const secret = parts[1]!.startsWith(SECRETS_MOUNT) ? parts[1]!.slice(SECRETS_MOUNT.length) : '';
  if (parts[0] !== 'cat' || parts.length !== 2 || !SECRET_NAME.test(secret)) {
    throw new Error(`fprocess '${fprocess}' is not one this stand-in runs (${allowed})`);
  }
  if (!secretsDir) throw new Error('no SECRETS_DIR: the provider gives every replica one');
  return [program, [path.join(secretsDir, secret)]];
}

