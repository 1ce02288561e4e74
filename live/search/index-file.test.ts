import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VideoIndex } from '../../stages/orchestrator/video-index.ts';
import { MemoryObjectStore } from '../../stages/runtime/object-store.ts';
import { startS3Server, type S3Server } from '../s3/startS3Server.ts';
import { IndexFormatError, listRequestIds, NoIndexYetError, NoSuchRequestError, parseIndex, readIndex } from './index-file.ts';

const KEY = 'requests/r1/metadata/index.json';
const VALID: VideoIndex = {
  format: 'fave.video-index/v1', requestId: 'r1', video: 's3://fave/inputs/v.mp4', status: 'done', createdAt: '2026-01-01T00:00:00.000Z',
  facts: { durationSeconds: 6, hasAudio: true }, error: null, standIns: { deepspeech: 'pocketsphinx stands in', 'ffmpeg-0': null },
  clips: [{ name: 'clip-000', index: 0, start: 1, end: 3, videoStart: 1.05, speech: true, transcript: 's3://fave/requests/r1/deepspeech/clip-000/transcript.json' }],
  words: [{ word: 'hello', start: 1.2, end: 1.5, confidence: null, clip: 'clip-000' }],
  frames: [{ clip: 'clip-000', name: 'frame-00000', index: 0, time: 1.05, clipTime: 0, uri: 's3://fave/requests/r1/ffmpeg-3/clip-000/frame-00000.jpg', boxes: [{ x: 1, y: 2, w: 3, h: 4, score: 0.9, text: 'HI', confidence: 0.98 }] }],
};

const store = () => {
  const memory = new MemoryObjectStore();
  return { bucket: 'fave', get: (key: string) => memory.get(key), put: (key: string, body: string) => memory.put(key, Buffer.from(body)) };
};

describe('parseIndex', () => {
  it('parseIndex returns an index that matches schemas/video-index.schema.json', () => {
    expect(parseIndex(JSON.stringify(VALID), KEY)).toEqual(VALID);
  });

  it('parseIndex names the key, the JSON path and what was expected when the document does not match', () => {
    const bad = { ...VALID, words: [{ ...VALID.words[0], start: 'soon' }] };
    expect(() => parseIndex(JSON.stringify(bad), KEY)).toThrow(IndexFormatError);
    expect(() => parseIndex(JSON.stringify(bad), KEY)).toThrow(`${KEY} is not a fave.video-index/v1 index: $.words[0].start: must be number (got "soon")`);
    expect(() => parseIndex(JSON.stringify({ ...VALID, format: 'fave.video-index/v2' }), KEY)).toThrow('$.format: must be "fave.video-index/v1"');
    const { frames: _, ...noFrames } = VALID;
    expect(() => parseIndex(JSON.stringify(noFrames), KEY)).toThrow("$: missing required key 'frames'");
  });

  it('parseIndex says a file that is not JSON is not JSON, naming the key', () => {
    expect(() => parseIndex('{"format":', KEY)).toThrow(new RegExp(`^${KEY.replace(/\./g, '\\.')}: not JSON \\(`));
  });

  it('parseIndex counts the problems it does not show', () => {
    const bad = { ...VALID, words: Array.from({ length: 5 }, () => ({ word: 1, start: 0, end: 0, confidence: null, clip: 'clip-000' })) };
    expect(() => parseIndex(JSON.stringify(bad), KEY)).toThrow(/; and 2 more$/);
  });
});

describe('readIndex', () => {
  it('readIndex reads requests/<id>/metadata/index.json from the bucket', async () => {
    const s = store();
    await s.put(KEY, JSON.stringify(VALID));
    expect(await readIndex(s, 'r1')).toEqual(VALID);
  });

  it('readIndex tells a request that does not exist from one that has no index yet', async () => {
    const s = store();
    await expect(readIndex(s, 'r2')).rejects.toThrow(new NoSuchRequestError('no request r2 in bucket fave'));
    await s.put('requests/r2/metadata/state.json', '{}');
    await expect(readIndex(s, 'r2')).rejects.toThrow(NoIndexYetError);
    await expect(readIndex(s, 'r2')).rejects.toThrow(/^request r2 has no index yet: it is still running, or ran before the orchestrator wrote indexes \(requests\/r2\/metadata\/index\.json\)$/);
  });

  it('readIndex refuses an id that is not one key segment before reading anything', async () => {
    const s = { bucket: 'fave', get: () => Promise.reject(new Error('read')) };
    for (const id of ['../r1', 'a/b', '', 'x'.repeat(129)]) await expect(readIndex(s, id)).rejects.toThrow(NoSuchRequestError);
  });
});

describe('listRequestIds on the embedded S3', () => {
  let dir: string;
  let s3: S3Server;
  let client: S3Client;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'fave-index-file-'));
    const credentials = { accessKeyId: 'test-key', secretAccessKey: 'test-secret-0123456789' };
    s3 = await startS3Server({ dataDir: dir, ...credentials });
    client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    await client.send(new CreateBucketCommand({ Bucket: 'fave' }));
  });
  afterAll(async () => {
    client?.destroy();
    await s3?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('listRequestIds lists every request folder once, in key order, across pages, and nothing outside requests/', async () => {
    const ids = Array.from({ length: 1003 }, (_, i) => `req-${String(i).padStart(4, '0')}`);
    for (const id of ids) await client.send(new PutObjectCommand({ Bucket: 'fave', Key: `requests/${id}/metadata/state.json`, Body: '{}' }));
    await client.send(new PutObjectCommand({ Bucket: 'fave', Key: 'requests/req-0000/ffmpeg-0/probe.json', Body: '{}' }));
    await client.send(new PutObjectCommand({ Bucket: 'fave', Key: 'inputs/v.mp4', Body: 'x' }));
    expect(await listRequestIds(client, 'fave')).toEqual(ids);
  }, 120_000);
});
