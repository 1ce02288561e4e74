import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { makeTextImage } from '../../stages/ml-testdata/image.ts';
import makeSpeechWav from '../../stages/ml-testdata/speech.ts';
import { ensureFixtures } from '../../stages/fixtures/generate.ts';
import { startS3Server } from '../s3/startS3Server.ts';
import { coldCall, type ColdCallResult, type LockMode } from './real-watchdog.ts';

// What the opt-in test and the transcript share: an embedded S3 holding each stage's input,
// and a cold call of one stage behind the real watchdog against it.

export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const BENCH_STAGES = ['ffmpeg-0', 'deepspeech', 'librosa', 'object-detector'] as const;
export type BenchStage = (typeof BENCH_STAGES)[number];

export interface WatchdogBench {
  run(stage: BenchStage, lock: LockMode, calls?: { count: number; gapMs: number }, repoRoot?: string): Promise<ColdCallResult>;
  close(): Promise<void>;
}

export async function startWatchdogBench(watchdog: string): Promise<WatchdogBench> {
  const dir = await mkdtemp(join(tmpdir(), 'fave-ofw-bench-'));
  const credentials = { accessKeyId: randomBytes(9).toString('hex'), secretAccessKey: randomBytes(18).toString('base64url') };
  const s3 = await startS3Server({ dataDir: join(dir, 's3'), ...credentials });
  const client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  try {
    await client.send(new CreateBucketCommand({ Bucket: 'fave' }));
    const put = async (path: string, key: string) => {
      await client.send(new PutObjectCommand({ Bucket: 'fave', Key: key, Body: await readFile(path) }));
      return `s3://fave/${key}`;
    };
    const fixtures = await ensureFixtures();
    const wav = await makeSpeechWav({ dir, sentences: ['I want to go home now.'], silenceS: 0.5 });
    const audio = await put(wav.path, 'in/speech.wav');
    const image = await makeTextImage({ dir, text: 'HELLO', width: 320, height: 240, fontSize: 48 });
    const inputs: Record<BenchStage, unknown> = {
      'ffmpeg-0': { requestId: 'ofw-ffmpeg-0', video: await put(fixtures.speech, 'in/speech.mp4') },
      deepspeech: { requestId: 'ofw-deepspeech', clipIndex: 0, audio },
      librosa: { requestId: 'ofw-librosa', audio },
      // Its model loads in its first call (no init): that call is slow, and must still be a 200.
      'object-detector': { requestId: 'ofw-object-detector', clipIndex: 0, frameIndex: 0, frame: await put(image.path, 'in/frame.png') },
    };
    // stack.yml's settings for these stages; healthcheck_interval only shortens the
    // watchdog's SIGTERM wait at the end of each run.
    const env = {
      S3_BUCKET: 'fave', S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY: credentials.accessKeyId, S3_SECRET_KEY: credentials.secretAccessKey,
      exec_timeout: '300s', max_inflight: '2', healthcheck_interval: '1s',
    };
    return {
      run: (stage, lock, calls = { count: 1, gapMs: 0 }, repoRoot = REPO_ROOT) =>
        coldCall({ watchdog, repoRoot, stage, lock, env, body: inputs[stage], calls: calls.count, gapMs: calls.gapMs }),
      async close() {
        await s3.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } finally {
    client.destroy();
  }
}
