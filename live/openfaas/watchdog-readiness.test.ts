import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import makeSpeechWav from '../../stages/ml-testdata/speech.ts';
import { ensureFixtures } from '../../stages/fixtures/generate.ts';
import { startS3Server, type S3Server } from '../s3/startS3Server.ts';
import { coldCall, type ColdCallResult, type LockMode } from './real-watchdog.ts';

// Opt-in (issue #22, point 1): FAVE_OF_WATCHDOG=/path/to/fwatchdog runs stages behind the real
// of-watchdog, scaled from zero, and calls each the moment /_/health says 200. CI has no Go
// binary, so without the variable this file skips; docs/readiness-watchdog.md has a run.
const WATCHDOG = process.env.FAVE_OF_WATCHDOG;
const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

describe.skipIf(!WATCHDOG)('a stage behind the real of-watchdog, scaled from zero', () => {
  let dir: string;
  let s3: S3Server;
  const env: Record<string, string> = {};
  const inputs: Record<string, unknown> = {};

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fave-ofw-test-'));
    const credentials = { accessKeyId: randomBytes(9).toString('hex'), secretAccessKey: randomBytes(18).toString('base64url') };
    s3 = await startS3Server({ dataDir: join(dir, 's3'), ...credentials });
    const client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
    await client.send(new CreateBucketCommand({ Bucket: 'fave' }));
    const put = async (path: string, key: string) => {
      await client.send(new PutObjectCommand({ Bucket: 'fave', Key: key, Body: await readFile(path) }));
      return `s3://fave/${key}`;
    };
    const fixtures = await ensureFixtures();
    const wav = await makeSpeechWav({ dir, sentences: ['I want to go home now.'], silenceS: 0.5 });
    inputs['ffmpeg-0'] = { requestId: 'ofw-ffmpeg-0', video: await put(fixtures.speech, 'in/speech.mp4') };
    const audio = await put(wav.path, 'in/speech.wav');
    inputs.deepspeech = { requestId: 'ofw-deepspeech', clipIndex: 0, audio };
    inputs.librosa = { requestId: 'ofw-librosa', audio };
    client.destroy();
    Object.assign(env, {
      S3_BUCKET: 'fave', S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY: credentials.accessKeyId, S3_SECRET_KEY: credentials.secretAccessKey,
      exec_timeout: '120s', healthcheck_interval: '1s', max_inflight: '2',
    });
  }, 120_000);

  afterAll(async () => {
    await s3?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const run = (stage: string, lock: LockMode): Promise<ColdCallResult> =>
    coldCall({ watchdog: WATCHDOG!, repoRoot: ROOT, stage, lock, env, body: inputs[stage], calls: 1 });

  it.each(['ffmpeg-0', 'deepspeech', 'librosa'])('%s answers its first call 200 when the stage writes the lock (the image now)', async (stage) => {
    const result = await run(stage, 'stage');
    process.stderr.write(`[ofw] ${stage} lock=stage: ${JSON.stringify({ healthyAtMs: result.healthyAtMs, calls: result.calls })}\n`);
    expect(result.calls.map((c) => c.status)).toEqual([200]);
  }, 180_000);

  // What the issue saw: the watchdog's own lock says ready before node listens.
  it.each(['ffmpeg-0', 'deepspeech', 'librosa'])('%s fails its first call with the watchdog\'s empty 500 when the watchdog writes the lock (the image before)', async (stage) => {
    const result = await run(stage, 'watchdog');
    process.stderr.write(`[ofw] ${stage} lock=watchdog: ${JSON.stringify({ healthyAtMs: result.healthyAtMs, calls: result.calls })}\n`);
    expect(result.calls[0]).toMatchObject({ status: 500, bodyBytes: 0 });
  }, 180_000);
});
