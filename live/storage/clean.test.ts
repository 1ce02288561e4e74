import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startS3Server, type S3Server } from '../s3/startS3Server.ts';
import { UsageError } from '../../sim/process/errors.ts';
import { parseAge } from './age.ts';
import { cleanRequests } from './clean.ts';
import { bucketUsage, formatBytes, usageLine } from './usage.ts';

let dir: string;
let s3: S3Server;
let client: S3Client;
let bucket = 'fave';
let n = 0;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'fave-clean-'));
  const credentials = { accessKeyId: 'clean-key', secretAccessKey: 'clean-secret-0123456789' };
  s3 = await startS3Server({ dataDir: dir, ...credentials });
  client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
});
afterAll(async () => {
  client?.destroy();
  await s3?.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  bucket = `bucket-${++n}`;
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
});

const put = (key: string, bytes: number) => client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: Buffer.alloc(bytes, 1) }));
const keys = async () => ((await client.send(new ListObjectsV2Command({ Bucket: bucket }))).Contents ?? []).map((o) => o.Key);

describe('bucketUsage', () => {
  it('bucketUsage sums each request folder\'s objects and bytes, and keeps inputs apart', async () => {
    await put('requests/a/metadata/state.json', 100);
    await put('requests/a/ffmpeg-1/clip-000/clip.mp4', 2000);
    await put('requests/b/metadata/state.json', 50);
    await put('inputs/speech.mp4', 4096);
    const usage = await bucketUsage(client, bucket);
    expect(usage.requests.map(({ id, objects, bytes }) => ({ id, objects, bytes }))).toEqual([{ id: 'a', objects: 2, bytes: 2100 }, { id: 'b', objects: 1, bytes: 50 }]);
    expect(usage.requests[0]!.keys.sort()).toEqual(['requests/a/ffmpeg-1/clip-000/clip.mp4', 'requests/a/metadata/state.json']);
    expect(usage.other).toEqual({ objects: 1, bytes: 4096 });
    expect(Math.abs(usage.requests[0]!.newest.getTime() - Date.now())).toBeLessThan(60_000);
    expect(usageLine(usage, '.fave/s3')).toBe(`6.1 KB in bucket ${bucket} (.fave/s3): 2 requests 2.1 KB, inputs and other 4.0 KB; \`./fave live clean --older-than 1d\` removes old requests`);
  });

  it('usageLine of an empty bucket says so without suggesting a clean', async () => {
    expect(usageLine(await bucketUsage(client, bucket), 'here')).toBe(`0 B in bucket ${bucket} (here): 0 requests 0 B, inputs and other 0 B`);
  });

  it('formatBytes uses binary units with one decimal', () => {
    expect([0, 1023, 1024, 1536, 40 * 1024 * 1024, 3 * 1024 ** 4].map(formatBytes)).toEqual(['0 B', '1023 B', '1.0 KB', '1.5 KB', '40.0 MB', '3.0 TB']);
  });
});

describe('cleanRequests', () => {
  it('cleanRequests removes every object of the requests last written before the cut-off, and keeps newer ones and inputs', async () => {
    await put('requests/old/metadata/state.json', 10);
    await put('requests/old/deepspeech/clip-000/transcript.json', 10);
    await put('inputs/speech.mp4', 10);
    const written = Date.now();
    // A day later, "new" is written.
    const later = new Date(written + 86_400_000 + 5_000);
    const result = await cleanRequests(client, bucket, { olderThanMs: 86_400_000, now: later });
    expect(result.removed.map((r) => r.id)).toEqual(['old']);
    expect(await keys()).toEqual(['inputs/speech.mp4']);
    // Nothing older than a day at the time it was written.
    await put('requests/new/metadata/state.json', 10);
    expect((await cleanRequests(client, bucket, { olderThanMs: 86_400_000, now: new Date() })).kept.map((r) => r.id)).toEqual(['new']);
    expect(await keys()).toEqual(['inputs/speech.mp4', 'requests/new/metadata/state.json']);
  });

  it('cleanRequests keeps a request any of whose objects is newer than the cut-off: one still being written is not cut in half', async () => {
    await put('requests/busy/metadata/state.json', 10);
    const cutOffAfterFirst = Date.now() + 1;
    await new Promise((r) => setTimeout(r, 1100));
    await put('requests/busy/ffmpeg-3/clip-000/frame-00000.jpg', 10);
    // "now" such that the first object is older than the age and the second is not.
    const result = await cleanRequests(client, bucket, { olderThanMs: 500, now: new Date(cutOffAfterFirst + 500) });
    expect(result.kept.map((r) => r.id)).toEqual(['busy']);
    expect(await keys()).toHaveLength(2);
  });

  it('cleanRequests with age 0 removes every request, across DeleteObjects\' 1000-key batches; dryRun removes nothing', async () => {
    for (let i = 0; i < 1005; i++) await put(`requests/many/ffmpeg-3/clip-000/frame-${String(i).padStart(5, '0')}.jpg`, 1);
    await put('requests/other/metadata/state.json', 1);
    const dry = await cleanRequests(client, bucket, { olderThanMs: 0, now: new Date(Date.now() + 1000), dryRun: true });
    expect(dry.removed.map((r) => [r.id, r.objects])).toEqual([['many', 1005], ['other', 1]]);
    expect(await keys()).toHaveLength(1000); // one page: they are all still there
    await cleanRequests(client, bucket, { olderThanMs: 0, now: new Date(Date.now() + 1000) });
    expect(await keys()).toEqual([]);
  }, 120_000);
});

describe('parseAge', () => {
  it('parseAge reads a number and a unit, s m h or d, and refuses anything else naming the flag', () => {
    expect(['0s', '90m', '12h', '1d', '1.5d'].map(parseAge)).toEqual([0, 5_400_000, 43_200_000, 86_400_000, 129_600_000]);
    for (const bad of ['1', 'd', '-1d', '1w', '1 d x', '']) expect(() => parseAge(bad), bad).toThrow(UsageError);
    expect(() => parseAge('1w')).toThrow('--older-than "1w": expected a number and a unit, s m h or d');
  });
});
