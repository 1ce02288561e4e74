import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, type FixtureManifest } from '../fixtures/generate.ts';
import { startStageHarness, type StageHarness } from '../test/harness.ts';
import { validateTelemetry } from '../runtime/telemetry.ts';
import { ffmpeg0 } from './stage.ts';

let fx: FixtureManifest;
let h: StageHarness;
let scratch: string;
beforeAll(async () => {
  fx = await ensureFixtures();
  scratch = await mkdtemp(join(tmpdir(), 'ffmpeg-0-test-'));
  h = await startStageHarness(ffmpeg0, { MAX_INPUT_BYTES: '1000000' });
});
afterAll(async () => {
  await h.close();
  await rm(scratch, { recursive: true, force: true });
});

describe('ffmpeg-0 stage', () => {
  it('ffmpeg-0 splits the speech video into stored video and wav artifacts with telemetry', async () => {
    const video = await h.putFile(fx.speech, 'speech.mp4');
    const { status, body } = await h.call({ requestId: 'req-a', video });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      requestId: 'req-a', source: video, hasAudio: true,
      video: 's3://fave-stages/requests/req-a/ffmpeg-0/video.mp4',
      audio: 's3://fave-stages/requests/req-a/ffmpeg-0/audio.wav',
    });
    expect(body.durationSeconds).toBeGreaterThan(29);
    expect((await h.probeObject(body.video)).audio).toBeNull();
    expect((await h.probeObject(body.audio)).audio).toMatchObject({ sampleRate: 16000, channels: 1 });
    const record = validateTelemetry(body.metrics);
    expect(record).toMatchObject({ stage: 'ffmpeg-0', requestId: 'req-a', status: 'ok', memoryLimitMB: 1024 });
    expect(record.bytesIn).toBeGreaterThan(0);
    expect(record.bytesOut).toBeGreaterThan(0);
    expect(record.phases.download).toBeGreaterThan(0);
    expect(record.phases.compute).toBeGreaterThan(0);
    expect(record.phases.upload).toBeGreaterThan(0);
    // ffmpeg runs as a child process: its CPU is counted through cutime/cstime.
    expect(record.cpuSeconds).toBeGreaterThan(0);
    expect(h.records.at(-1)).toEqual(record);
  });

  it('ffmpeg-0 gives a video without audio a silent wav', async () => {
    const video = await h.putFile(fx.noAudio, 'silent.mp4');
    const { status, body } = await h.call({ requestId: 'req-b', video });
    expect(status).toBe(200);
    expect(body.hasAudio).toBe(false);
    const wav = await h.probeObject(body.audio);
    expect(Math.abs(wav.durationSeconds - body.durationSeconds)).toBeLessThan(0.1);
  });

  it.each([
    ['a missing object', { video: 's3://fave-stages/inputs/nope.mp4' }, 'missing-object'],
    ['a bad URI', { video: 'https://example.com/v.mp4' }, 'bad-input'],
    ['no video field', {}, 'bad-input'],
  ])('ffmpeg-0 answers %s with cause %s', async (_label, input, cause) => {
    const { status, body } = await h.call({ requestId: 'req-bad', ...input });
    expect(status).toBe(500);
    expect(body.error).toMatchObject({ stage: 'ffmpeg-0', cause });
    expect(body.metrics).toMatchObject({ status: 'error', cause });
  });

  it('ffmpeg-0 calls a zero-length and a corrupt file corrupt-media', async () => {
    for (const [file, name] of [[fx.empty, 'empty.mp4'], [fx.corrupt, 'corrupt.mp4']] as const) {
      const { body } = await h.call({ requestId: 'req-c', video: await h.putFile(file, name) });
      expect(body.error.cause).toBe('corrupt-media');
    }
  });

  it('ffmpeg-0 refuses an input above MAX_INPUT_BYTES as too-large', async () => {
    // The harness sets MAX_INPUT_BYTES=1000000: one byte more is refused before probing.
    const big = join(scratch, 'big.mp4');
    await writeFile(big, Buffer.alloc(1_000_001));
    const { body } = await h.call({ requestId: 'req-d', video: await h.putFile(big, 'big.mp4') });
    expect(body.error).toMatchObject({ cause: 'too-large', message: expect.stringContaining('MAX_INPUT_BYTES=1000000') });
  });
});
