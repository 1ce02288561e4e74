import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type PlatformRecord, PLATFORM_FILE, readPlatformRecord, removePlatformRecord, writePlatformRecord } from './platform-file.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'fave-platform-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const record = (over: Partial<PlatformRecord> = {}): PlatformRecord => ({
  format: 'fave.platform/v1', pid: process.pid, gateway: 'http://127.0.0.1:40001', provider: 'http://127.0.0.1:40002',
  s3: 'http://127.0.0.1:40003', bucket: 'fave', secretsDir: '/tmp/secrets', ...over,
});

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('.fave/platform.json', () => {
  it('writePlatformRecord writes a record only its owner can read, and readPlatformRecord returns it while its process runs', () => {
    writePlatformRecord(dir, record());
    expect(statSync(path.join(dir, PLATFORM_FILE)).mode & 0o777).toBe(0o600);
    expect(readPlatformRecord(dir)).toEqual({ record: record() });
  });

  it('readPlatformRecord says the platform is gone when the recorded process is not running (a SIGKILLed up)', () => {
    const pid = deadPid();
    writePlatformRecord(dir, record({ pid }));
    const found = readPlatformRecord(dir);
    expect(found).toEqual({ missing: expect.stringContaining(`names process ${pid}, which is not running`) });
  });

  it('readPlatformRecord names the file when there is none, when it is not JSON, and when it is not a platform record', () => {
    const file = path.join(dir, PLATFORM_FILE);
    expect(readPlatformRecord(dir)).toEqual({ missing: `no platform is recorded in ${file}` });
    writeFileSync(file, '{"format": "fave.platform/v1",');
    expect(readPlatformRecord(dir)).toEqual({ missing: expect.stringMatching(new RegExp(`^${file} is not JSON`)) });
    writeFileSync(file, JSON.stringify({ ...record(), gateway: 'file:///etc/passwd' }));
    expect(readPlatformRecord(dir)).toEqual({ missing: `${file} is not a fave.platform/v1 record` });
    writeFileSync(file, JSON.stringify({ ...record(), pid: '1' }));
    expect(readPlatformRecord(dir)).toEqual({ missing: `${file} is not a fave.platform/v1 record` });
  });

  it('readPlatformRecord accepts a platform started without S3 (s3 null)', () => {
    writePlatformRecord(dir, record({ s3: null }));
    expect(readPlatformRecord(dir)).toEqual({ record: record({ s3: null }) });
  });

  it('removePlatformRecord removes the record of its own process only: another up may have replaced it', () => {
    writePlatformRecord(dir, record({ pid: process.pid + 1 }));
    removePlatformRecord(dir, process.pid);
    expect(JSON.parse(readFileSync(path.join(dir, PLATFORM_FILE), 'utf8'))).toMatchObject({ pid: process.pid + 1 });
    writePlatformRecord(dir, record());
    removePlatformRecord(dir, process.pid);
    expect(readPlatformRecord(dir)).toEqual({ missing: expect.stringMatching(/^no platform is recorded/) });
    // Nothing to remove is no error.
    expect(() => removePlatformRecord(dir, process.pid)).not.toThrow();
  });
});
