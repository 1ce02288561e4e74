import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writePlatformRecord } from '../run/platform-file.ts';
import { startS3Server, type S3Server } from '../s3/startS3Server.ts';
import { SEARCH_USAGE, searchCommand } from './command.ts';
import { failed, noAudio, spokenAndShown } from './sample-indexes.ts';

// The search CLI against the embedded S3, as a user runs it after `live up` and a few requests.

let dir: string;
let s3: S3Server;
let env: Record<string, string>;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'fave-search-cli-'));
  const secrets = path.join(dir, 'secrets');
  mkdirSync(secrets);
  const credentials = { accessKeyId: 'search-test-key', secretAccessKey: 'search-test-secret-0123' };
  writeFileSync(path.join(secrets, 's3-access-key'), credentials.accessKeyId);
  writeFileSync(path.join(secrets, 's3-secret-key'), credentials.secretAccessKey);
  s3 = await startS3Server({ dataDir: path.join(dir, 's3'), ...credentials });
  env = { S3_ENDPOINT: s3.endpoint, S3_BUCKET: 'fave', SECRETS_DIR: secrets };
  const client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  await client.send(new CreateBucketCommand({ Bucket: 'fave' }));
  const put = (key: string, body: string) => client.send(new PutObjectCommand({ Bucket: 'fave', Key: key, Body: body }));
  for (const index of [spokenAndShown('talk'), noAudio('silent'), failed('broken')]) {
    await put(`requests/${index.requestId}/metadata/index.json`, JSON.stringify(index));
  }
  await put('requests/running/metadata/state.json', '{}');
  await put('requests/garbled/metadata/index.json', JSON.stringify({ ...spokenAndShown('garbled'), frames: 'none' }));
  client.destroy();
});

afterAll(async () => {
  await s3?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function search(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await searchCommand(args, { env, root: dir, stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

describe('npm run search', () => {
  it('search --request prints each spoken match with its time in the video and clip, and each on-screen one with its frame and box', async () => {
    const r = await search('Serverless functions scale out when a load grows!', '--request', 'talk');
    expect(r).toMatchObject({ code: 0, err: '' });
    const lines = r.out.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      'talk  s3://fave/inputs/talk.mp4',
      '  at            kind    clip      frame  matched                                    conf  closeness',
      '  ────────────  ──────  ────────  ─────  ─────────────────────────────────────────  ────  ──────────',
      '  00:00:04.600  spoken  clip-001         "serverless functions scale out when the      –  1 word off',
      '                                         lord grows"',
      '1 match in 1 video searched',
    ]);
    // One legend, every column in it, then what --wide adds and the stand-ins.
    const legend = lines.slice(6).join(' ').replace(/ {5}/g, ' ');
    for (const head of ['at', 'kind', 'clip, frame', 'matched', 'conf', 'closeness', 'until', 'box', 'image']) expect(legend).toContain(`${head}: `);
    expect(lines.slice(-3)).toEqual(['--wide adds: until, box, image', 'stand-ins (docs/search.md): deepspeech', '']);
    expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(100);
    const screen = await search('serverless', '--request', 'talk', '--wide');
    expect(screen.out).toMatch(/^ {2}00:00:04\.600 {2}on screen {2}clip-001 {2}frame-00000 {2}"SERVERLESS" +0\.96 {2}exact +00:00:05\.600 {2}200,150 240x60 {2}s3:\/\/fave\/requests\/talk\/ffmpeg-3\/clip-001\/frame-00000\.jpg$/m);
    expect(screen.out).toMatch(/^ {2}00:00:06\.600 {2}on screen {2}clip-001 {2}frame-00002 {2}"SERVERLE55" +0\.96 {2}2 characters off +00:00:06\.600/m);
    expect(screen.out).toMatch(/^ {2}00:00:04\.600 {2}spoken +clip-001 +"serverless" +– {2}exact +00:00:04\.900 *$/m);
    expect(screen.out).not.toContain('--wide adds');
    // Every word matched, one not letter for letter.
    expect((await search('when the load', '--request', 'talk')).out).toMatch(/^ {2}00:00:06\.200 {2}spoken {2}clip-001 +"when the lord" +– {2}close spelling$/m);
  });

  it('search --help prints the usage and exits 0, searching nothing', async () => {
    expect(await search('--help')).toEqual({ code: 0, out: `${SEARCH_USAGE}\n`, err: '' });
  });

  it('search says "no match" and exits 0 when nothing matches', async () => {
    expect(await search('quick brown fox', '--request', 'talk')).toEqual({ code: 0, out: 'no match for "quick brown fox" in 1 video searched\n', err: '' });
  });

  it('search --all searches every request, and says which could not be searched and why', async () => {
    const r = await search('no audio', '--all');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^silent  s3:\/\/fave\/inputs\/silent\.mp4\n {2}at .*\n.*\n {2}00:00:00\.000 {2}on screen {2}clip-000 {2}frame-00000 /m);
    expect(r.out).toContain('1 match in 3 videos searched');
    expect(r.err.split('\n')).toEqual([
      'broken: the request failed at ffmpeg-0 (corrupt-media: ffprobe cannot read the input): nothing to search',
      'silent: no audio track: on-screen text only',
      expect.stringMatching(/^garbled: skipped: requests\/garbled\/metadata\/index\.json is not a fave\.video-index\/v1 index: \$\.frames: must be array/),
      'running: skipped: request running has no index yet: it is still running, or ran before the orchestrator wrote indexes (requests/running/metadata/index.json)',
      '',
    ]);
    // Without --request, every request is searched.
    expect((await search('no', 'audio')).out).toContain('1 match in 3 videos searched');
  });

  it('search --json prints the hits and notes as one fave.search-result/v1 document', async () => {
    const r = await search('serverless', '--request', 'talk', '--json');
    const doc = JSON.parse(r.out);
    expect(doc).toMatchObject({ format: 'fave.search-result/v1', phrase: 'serverless', skipped: [] });
    expect(doc.videos[0].hits.map((h: { kind: string; frame?: string }) => [h.kind, h.frame])).toEqual([['spoken', undefined], ['on-screen', 'frame-00000'], ['on-screen', 'frame-00002']]);
  });

  it('search exits 2 for bad input: no phrase, a phrase without letters, unknown flags, both scopes, an unknown or malformed request id', async () => {
    for (const args of [[], ['  '], ['?!', '--all'], ['x', '--everything'], ['x', '--request'], ['x', '--request', 'talk', '--all'], ['x', '--request', 'nobody'], ['x', '--request', '../talk']]) {
      const r = await search(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(/^search: /);
    }
    expect((await search('x', '--request', 'nobody')).err).toBe('search: no request nobody in bucket fave\n');
    expect((await search()).err).toContain('usage: ./fave search "<phrase>" [--request ID | --all] [--json]');
  });

  it('search exits 1 naming the key and JSON path when the index it was asked for is malformed, or when the request has no index yet', async () => {
    const r = await search('x', '--request', 'garbled');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^search: requests\/garbled\/metadata\/index\.json is not a fave\.video-index\/v1 index: \$\.frames: must be array/);
    expect((await search('x', '--request', 'running')).code).toBe(1);
  });

  it('search exits 1 and says how to start one when no platform is running and S3_ENDPOINT is unset, and 1 when S3 does not answer', async () => {
    const saved = env;
    try {
      env = {};
      const none = await search('x');
      expect(none.code).toBe(1);
      expect(none.err).toMatch(/^search: no platform running: no platform is recorded in .*\. Start one with `\.\/fave live up`/);
      env = { ...saved, S3_ENDPOINT: 'http://127.0.0.1:1' };
      expect((await search('x')).code).toBe(1);
      env = { ...saved, S3_ENDPOINT: 'ftp://nowhere' };
      expect(await search('x')).toMatchObject({ code: 2, err: expect.stringContaining('S3_ENDPOINT="ftp://nowhere" is invalid') });
    } finally {
      env = saved;
    }
  });
});

describe('npm run search, the script', () => {
  it('npm run search finds the platform `live up` recorded in .fave/platform.json and exits 0 with the matches, 2 on a bad flag', async () => {
    // A scratch root linking to this repository, so the .fave/ written here is not the developer's.
    const root = path.join(dir, 'root');
    mkdirSync(path.join(root, '.fave'), { recursive: true });
    const repo = path.resolve(import.meta.dirname, '../..');
    for (const name of ['package.json', 'node_modules', 'live', 'stages', 'sim', 'schemas', 'tsconfig.json']) symlinkSync(path.join(repo, name), path.join(root, name));
    writePlatformRecord(path.join(root, '.fave'), {
      format: 'fave.platform/v1', pid: process.pid, gateway: 'http://127.0.0.1:9', provider: 'http://127.0.0.1:9', s3: s3.endpoint, bucket: 'fave', secretsDir: env.SECRETS_DIR!,
    });
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('S3_') && k !== 'SECRETS_DIR'));
    // Asynchronously: the S3 it reads runs in this process.
    const run = (...args: string[]) => new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile('npm', ['run', '--silent', 'search', '--', ...args], { cwd: root, env: clean, timeout: 60_000 }, (error, stdout, stderr) => {
        resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
      });
    });
    const found = await run('SERVERLESS', '--request', 'talk');
    expect(found.status, found.stderr).toBe(0);
    expect(found.stdout).toMatch(/^ {2}00:00:04\.600 {2}on screen {2}clip-001 {2}frame-00000 {2}"SERVERLESS"/m);
    expect(found.stdout).toContain('3 matches in 1 video searched');
    const bad = await run('x', '--requests', 'talk');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("search: unknown option '--requests' (did you mean --request?)");
  });
});
