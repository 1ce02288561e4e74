import { execFile } from 'node:child_process';
import { mkdirSync, symlinkSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writePlatformRecord } from '../run/platform-file.ts';
import { startS3Server } from '../s3/startS3Server.ts';
import { cleanCommand } from './command.ts';

// `npm run live -- clean` on a data folder as `live up` leaves it: .fave/secrets and .fave/s3.

let root: string;
const credentials = { accessKeyId: 'clean-cli-key', secretAccessKey: 'clean-cli-secret-0123' };
const fave = () => path.join(root, '.fave');

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'fave-clean-cli-'));
  mkdirSync(path.join(fave(), 'secrets'), { recursive: true });
  writeFileSync(path.join(fave(), 'secrets/s3-access-key'), credentials.accessKeyId);
  writeFileSync(path.join(fave(), 'secrets/s3-secret-key'), credentials.secretAccessKey);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** The embedded S3 on .fave/s3 with two requests and an input; `keep` leaves it running. */
async function seed(keep = false) {
  const server = await startS3Server({ dataDir: path.join(fave(), 's3'), ...credentials });
  const client = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  await client.send(new CreateBucketCommand({ Bucket: 'fave' })).catch((error: Error) => {
    if (error.name !== 'BucketAlreadyOwnedByYou') throw error;
  });
  for (const [key, bytes] of [['requests/r1/metadata/state.json', 1000], ['requests/r1/metadata/index.json', 2000], ['requests/r2/metadata/state.json', 500], ['inputs/speech.mp4', 9000]] as const) {
    await client.send(new PutObjectCommand({ Bucket: 'fave', Key: key, Body: Buffer.alloc(bytes) }));
  }
  const keys = async () => ((await client.send(new ListObjectsV2Command({ Bucket: 'fave' }))).Contents ?? []).map((o) => o.Key);
  if (keep) return { server, client, keys };
  client.destroy();
  await server.close();
  return null;
}

async function clean(args: string[], now = new Date()) {
  let out = '';
  let err = '';
  const code = await cleanCommand(args, { root, now, stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

describe('npm run live -- clean', () => {
  it('clean with no platform running opens .fave/s3 itself and removes every request, keeping inputs', async () => {
    await seed();
    const r = await clean([]);
    expect(r).toMatchObject({ code: 0, err: '' });
    const s3Dir = path.join(fave(), 's3');
    expect(r.out.split('\n')).toEqual([
      `${s3Dir}: bucket fave: removed 2 requests (3.4 KB); kept 0 requests (0 B)`,
      expect.stringMatching(/^ {2}removed requests\/r1\/ {2}2 objects, 2\.9 KB, last written \d{4}-\d\d-\d\dT/),
      expect.stringMatching(/^ {2}removed requests\/r2\/ {2}1 objects, 500 B, last written /),
      '',
    ]);
    // Run again: nothing left but the input.
    expect((await clean([])).out).toBe(`${s3Dir}: bucket fave: removed 0 requests (0 B); kept 0 requests (0 B)\n`);
    // The data folder still serves (as `live up` would open it), with only the input in it.
    const server = await startS3Server({ dataDir: s3Dir, ...credentials });
    const client = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    try {
      expect(((await client.send(new ListObjectsV2Command({ Bucket: 'fave' }))).Contents ?? []).map((o) => o.Key)).toEqual(['inputs/speech.mp4']);
    } finally {
      client.destroy();
      await server.close();
    }
  });

  it('clean --older-than removes only requests last written longer ago; --dry-run says which and removes nothing', async () => {
    await seed();
    const recent = await clean(['--older-than', '1d']);
    expect(recent.out).toMatch(/removed 0 requests last written more than 1d ago \(0 B\); kept 2 requests \(3\.4 KB\)\n$/);
    const dayLater = new Date(Date.now() + 86_400_000 + 60_000);
    const dry = await clean(['--older-than', '1d', '--dry-run'], dayLater);
    expect(dry.out).toMatch(/would remove 2 requests last written more than 1d ago \(3\.4 KB\); kept 0 requests/);
    expect(dry.out).toContain('  would remove requests/r1/');
    const real = await clean(['--older-than', '1d'], dayLater);
    expect(real.out).toMatch(/: removed 2 requests last written more than 1d ago \(3\.4 KB\); kept 0 requests \(0 B\)\n/);
  });

  it('clean goes through the running platform\'s S3 when .fave/platform.json names one', async () => {
    const running = (await seed(true))!;
    try {
      writePlatformRecord(fave(), {
        format: 'fave.platform/v1', pid: process.pid, gateway: 'http://127.0.0.1:9', provider: 'http://127.0.0.1:9', s3: running.server.endpoint, bucket: 'fave', secretsDir: path.join(fave(), 'secrets'),
      });
      const r = await clean([]);
      expect(r.out).toMatch(new RegExp(`^the running platform's S3, ${running.server.endpoint} \\(pid ${process.pid}\\): bucket fave: removed 2 requests`));
      expect(await running.keys()).toEqual(['inputs/speech.mp4']);
    } finally {
      running.client.destroy();
      await running.server.close();
    }
  });

  it('clean says there is nothing to clean when nothing was ever stored, and exits 2 on a bad flag or age', async () => {
    expect(await clean([])).toEqual({ code: 0, out: `clean: no embedded S3 data in ${path.join(fave(), 's3')}: nothing stored yet\n`, err: '' });
    for (const args of [['--older-than', '1w'], ['--older'], ['extra']]) {
      const r = await clean(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toContain('usage: ./fave live clean [--older-than 1d] [--dry-run]');
    }
  });

  it('clean exits 1 naming the missing key when .fave/s3 exists without its secrets', async () => {
    await seed();
    rmSync(path.join(fave(), 'secrets/s3-secret-key'));
    const r = await clean([]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(`clean: ${path.join(fave(), 's3')} exists but its key ${path.join(fave(), 'secrets/s3-secret-key')} does not: cannot open it\n`);
  });
});

describe('npm run live -- clean, the script', () => {
  it('npm run live -- clean reaches cleanCommand: exit 0 with nothing stored, 2 with the usage on a bad age', async () => {
    const repo = path.resolve(import.meta.dirname, '../..');
    for (const name of ['package.json', 'node_modules', 'live', 'tsconfig.json']) symlinkSync(path.join(repo, name), path.join(root, name));
    rmSync(fave(), { recursive: true });
    const run = (...args: string[]) => new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
      execFile('npm', ['run', '--silent', 'live', '--', 'clean', ...args], { cwd: root, timeout: 60_000 }, (error, stdout, stderr) => {
        resolve({ status: error ? Number(error.code) : 0, stdout, stderr });
      });
    });
    expect(await run()).toMatchObject({ status: 0, stdout: `clean: no embedded S3 data in ${path.join(root, '.fave/s3')}: nothing stored yet\n` });
    const bad = await run('--older-than', 'yesterday');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('clean: --older-than "yesterday": expected a number and a unit');
  });
});
