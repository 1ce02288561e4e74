import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, type FixtureManifest } from '../fixtures/generate.ts';
import { probeMedia } from '../runtime/probe.ts';
import { splitVideo } from './split.ts';

const T = { timeoutMs: 60_000 };
let fx: FixtureManifest;
let dir: string;
beforeAll(async () => {
  fx = await ensureFixtures();
  dir = await mkdtemp(join(tmpdir(), 'split-test-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('splitVideo', () => {
  it('splitVideo writes a video-only mp4 and a 16 kHz mono wav of the same duration', async () => {
    const out = await mkdtemp(join(dir, 'speech-'));
    const result = await splitVideo(fx.speech, await probeMedia(fx.speech, T), out, T.timeoutMs);
    expect(result).toMatchObject({ hasAudio: true, videoCopied: true });
    const video = await probeMedia(result.videoPath, T);
    expect(video.audio).toBeNull();
    expect(video.video).toMatchObject({ codec: 'h264', width: 640, height: 360 });
    const audio = await probeMedia(result.audioPath, T);
    expect(audio.video).toBeNull();
    expect(audio.audio).toEqual({ codec: 'pcm_s16le', sampleRate: 16000, channels: 1 });
    expect(Math.abs(audio.durationSeconds - result.durationSeconds)).toBeLessThan(0.1);
  });

  it('splitVideo writes a silent wav of the video duration when there is no audio track', async () => {
    const out = await mkdtemp(join(dir, 'silent-'));
    const info = await probeMedia(fx.noAudio, T);
    const result = await splitVideo(fx.noAudio, info, out, T.timeoutMs);
    expect(result.hasAudio).toBe(false);
    const audio = await probeMedia(result.audioPath, T);
    expect(audio.audio).toEqual({ codec: 'pcm_s16le', sampleRate: 16000, channels: 1 });
    expect(Math.abs(audio.durationSeconds - info.durationSeconds)).toBeLessThan(0.1);
  });

  it('splitVideo rejects media without a video stream as corrupt-media', async () => {
    const out = await mkdtemp(join(dir, 'wav-'));
    const first = await splitVideo(fx.noAudio, await probeMedia(fx.noAudio, T), out, T.timeoutMs);
    const wavOnly = await probeMedia(first.audioPath, T);
    await expect(splitVideo(first.audioPath, wavOnly, out, T.timeoutMs)).rejects.toMatchObject({ stageCause: 'corrupt-media' });
  });
});
