import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StageConfigError } from '../runtime/index.ts';
import serveForTest, { TEST_BUCKET, type TestStage } from '../ml-testdata/serve-for-test.ts';
import makeSpeechWav, { type SpeechWav } from '../ml-testdata/speech.ts';
import { init, librosaStage } from './stage.ts';

let dir: string;
let speech: SpeechWav;
let t: TestStage;
const audioKey = 'requests/r1/ffmpeg-0/audio.wav';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fave-librosa-stage-'));
  speech = await makeSpeechWav({ dir, sentences: ['The weather is nice today.', 'I want to go home now.'], silenceS: 1 });
  t = await serveForTest(librosaStage);
  t.store.objects.set(audioKey, await readFile(speech.path));
  t.store.objects.set('requests/r1/ffmpeg-0/notes.wav', Buffer.from('not audio'));
});
afterAll(async () => {
  await t.stage.close();
  await rm(dir, { recursive: true, force: true });
});

describe('librosa stage', () => {
  it('init defaults to the energy method and rejects an unknown SPEECH_METHOD', () => {
    expect(init({})).toEqual({ defaultMethod: 'energy' });
    expect(init({ SPEECH_METHOD: 'vad' })).toEqual({ defaultMethod: 'vad' });
    expect(() => init({ SPEECH_METHOD: 'whisper' })).toThrow(StageConfigError);
  });

  it('handler writes timestamps.json with one segment per sentence and returns its URI', async () => {
    const { status, json } = await t.call({ requestId: 'r1', audio: `s3://${TEST_BUCKET}/${audioKey}` });
    expect(status).toBe(200);
    expect(json.timestamps).toBe(`s3://${TEST_BUCKET}/requests/r1/librosa/timestamps.json`);
    const written = t.store.json('requests/r1/librosa/timestamps.json') as { segments: unknown[]; method: string };
    expect(written.method).toBe('energy');
    expect(written.segments).toHaveLength(2);
    expect(json.segments).toEqual(written.segments);
  });

  it('handler loads Silero lazily: the first vad call reports the model load, the next does not', async () => {
    const first = await t.call({ requestId: 'r1', audio: `s3://${TEST_BUCKET}/${audioKey}`, method: 'vad' });
    const second = await t.call({ requestId: 'r1', audio: `s3://${TEST_BUCKET}/${audioKey}`, method: 'vad' });
    expect(first.status).toBe(200);
    expect(first.json.modelLoadMs).toEqual(expect.any(Number));
    expect(second.json.modelLoadMs).toBeNull();
    expect((second.json.segments as unknown[]).length).toBe(2);
  });

  it('handler maps bad input to bad-input, a non-wav to corrupt-media and a missing object to missing-object', async () => {
    const bad = await t.call({ requestId: 'r1', audio: `s3://${TEST_BUCKET}/${audioKey}`, method: 'whisper' });
    expect((bad.json.error as { cause: string }).cause).toBe('bad-input');
    const corrupt = await t.call({ requestId: 'r1', audio: `s3://${TEST_BUCKET}/requests/r1/ffmpeg-0/notes.wav` });
    expect((corrupt.json.error as { cause: string }).cause).toBe('corrupt-media');
    const missing = await t.call({ requestId: 'r1', audio: `s3://${TEST_BUCKET}/requests/r1/ffmpeg-0/none.wav` });
    expect((missing.json.error as { cause: string }).cause).toBe('missing-object');
  });
});
