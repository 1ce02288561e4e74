import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StageConfigError } from '../runtime/index.ts';
import serveForTest, { TEST_BUCKET, type TestStage } from '../ml-testdata/serve-for-test.ts';
import makeSpeechWav from '../ml-testdata/speech.ts';
import { deepspeechStage, init } from './stage.ts';

let dir: string;
let t: TestStage;
const clipKey = 'requests/r2/ffmpeg-2/clip-0.wav';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fave-deepspeech-stage-'));
  const speech = await makeSpeechWav({ dir, sentences: ['I want to go home now.'], silenceS: 0.5 });
  t = await serveForTest(deepspeechStage);
  t.store.objects.set(clipKey, await readFile(speech.path));
  t.store.objects.set('requests/r2/ffmpeg-2/clip-1.wav', Buffer.from('RIFF but not really'));
});
afterAll(async () => {
  await t.stage.close();
  await rm(dir, { recursive: true, force: true });
});

describe('deepspeech stage', () => {
  it('init defaults the recogniser timeout to 60 s, loads the model, and rejects a bad RECOGNISER_TIMEOUT_MS', async () => {
    const state = await init({});
    expect(state.timeoutMs).toBe(60_000);
    await state.recogniser.close();
    await expect(init({ RECOGNISER_TIMEOUT_MS: 'soon' })).rejects.toThrow(StageConfigError);
  });

  it('handler writes the transcript for the clip and says which engine stands in', async () => {
    const { status, json } = await t.call({ requestId: 'r2', clipIndex: 0, audio: `s3://${TEST_BUCKET}/${clipKey}` });
    expect(status).toBe(200);
    expect(json.transcript).toBe(`s3://${TEST_BUCKET}/requests/r2/deepspeech/clip-000/transcript.json`);
    const written = t.store.json('requests/r2/deepspeech/clip-000/transcript.json') as { engine: string; standIn: string; words: unknown[]; clipIndex: number };
    expect(written.engine).toMatch(/^pocketsphinx .* en-us$/);
    expect(written.standIn).toMatch(/DeepSpeech/);
    expect(written.clipIndex).toBe(0);
    expect(written.words.length).toBeGreaterThan(0);
  });

  it('handler maps a non-wav clip to corrupt-media and a missing clipIndex to bad-input', async () => {
    const corrupt = await t.call({ requestId: 'r2', clipIndex: 1, audio: `s3://${TEST_BUCKET}/requests/r2/ffmpeg-2/clip-1.wav` });
    expect((corrupt.json.error as { cause: string }).cause).toBe('corrupt-media');
    const bad = await t.call({ requestId: 'r2', audio: `s3://${TEST_BUCKET}/${clipKey}` });
    expect((bad.json.error as { cause: string; message: string }).message).toMatch(/clipIndex/);
  });

  it('closing the stage stops its decoder and removes the decoder\'s FIFO directory', async () => {
    const tmp = await mkdtemp(join(tmpdir(), 'fave-deepspeech-dispose-'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = tmp; // os.tmpdir() reads it on every call
    try {
      const own = await serveForTest(deepspeechStage);
      expect((await readdir(tmp)).filter((n) => n.startsWith('fave-recogniser-'))).toHaveLength(1);
      await own.stage.close();
      expect(await readdir(tmp)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      await rm(tmp, { recursive: true, force: true });
    }
  });

  it('handler reports a recogniser killed at RECOGNISER_TIMEOUT_MS as a timeout', async () => {
    // 1 ms is far below pocketsphinx's model load, so the kill always wins.
    const quick = await serveForTest(deepspeechStage, { RECOGNISER_TIMEOUT_MS: '1' });
    try {
      quick.store.objects.set(clipKey, t.store.objects.get(clipKey)!);
      const { json } = await quick.call({ requestId: 'r2', clipIndex: 0, audio: `s3://${TEST_BUCKET}/${clipKey}` });
      expect((json.error as { cause: string }).cause).toBe('timeout');
    } finally {
      await quick.stage.close();
    }
  });
});
