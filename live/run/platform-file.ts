// `live up` runs on ephemeral ports (S3 always), so tools that need the running platform
// (./fave search) cannot guess where it is: `up` records its addresses in
// `<data dir>/platform.json` while it runs and removes the file when it stops. No secret
// is written here; the file names the secrets folder.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const PLATFORM_FILE = 'platform.json';

export interface PlatformRecord {
  format: 'fave.platform/v1';
  /** The `live up` process: a record whose process is gone is stale (a SIGKILLed up). */
  pid: number;
  gateway: string;
  provider: string;
  /** null: started with --no-s3. */
  s3: string | null;
  bucket: string;
  secretsDir: string;
}

export function writePlatformRecord(dataDir: string, record: PlatformRecord): void {
  writeFileSync(path.join(dataDir, PLATFORM_FILE), `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600 });
}

/** Removes the record if it is this process's (another `up` may have replaced it). */
export function removePlatformRecord(dataDir: string, pid: number): void {
  const file = path.join(dataDir, PLATFORM_FILE);
  try {
    if ((JSON.parse(readFileSync(file, 'utf8')) as { pid?: unknown }).pid === pid) rmSync(file, { force: true });
  } catch {
    // Nothing recorded, or not ours to remove.
  }
}

/** The recorded platform, or why there is none: no file, a malformed one, or its process gone. */
export function readPlatformRecord(dataDir: string): { record: PlatformRecord } | { missing: string } {
  const file = path.join(dataDir, PLATFORM_FILE);
  if (!existsSync(file)) return { missing: `no platform is recorded in ${file}` };
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    return { missing: `${file} is not JSON (${(error as Error).message})` };
  }
  const r = raw as Partial<PlatformRecord> | null;
  const url = (v: unknown) => typeof v === 'string' && /^https?:\/\/[^/\s]+/.test(v);
  if (r?.format !== 'fave.platform/v1' || !Number.isSafeInteger(r.pid) || !url(r.gateway) || !url(r.provider) || !(r.s3 === null || url(r.s3))
    || typeof r.bucket !== 'string' || typeof r.secretsDir !== 'string') {
    return { missing: `${file} is not a fave.platform/v1 record` };
  }
  if (!alive(r.pid!)) return { missing: `${file} names process ${r.pid}, which is not running (a platform that was killed)` };
  return { record: r as PlatformRecord };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but is another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
