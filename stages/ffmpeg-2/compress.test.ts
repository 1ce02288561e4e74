import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, type FixtureManifest } from '../fixtures/generate.ts';
import { StageConfigError } from '../runtime/errors.ts';
import { probeMedia } from '../runtime/probe.ts';
import { compressClip, parseCompressSettings } from './compress.ts';

let fx: FixtureManifest;
let dir: string;
beforeAll(async () => {
  fx = await ensureFixtures();
  dir = await mkdtemp(join(tmpdir(), 'compress-test-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('parseCompressSettings', () => {
  it('parseCompressSettings defaults to crf 28, preset veryfast, 120 s timeout', () => {
    expect(parseCompressSettings({})).toEqual({ crf: 28, preset: 'veryfast', timeoutMs: 120_000 });
  });

  it.each([[{ CRF: '52' }], [{ CRF: 'low' }], [{ X264_PRESET: 'warp' }], [{ FFMPEG_TIMEOUT_MS: '0' }]])(
    'parseCompressSettings rejects %j', (env) => {
      expect(() => parseCompressSettings(env)).toThrow(StageConfigError);
    });
});

describe('compressClip', () => {
  it('compressClip writes a smaller H.264 clip and a 16 kHz mono wav of the same duration', async () => {
    const settings = { ...parseCompressSettings({}), crf: 40 };
    const info = await probeMedia(fx.speech, { timeoutMs: 30_000 });
    const result = await compressClip(fx.speech, info, dir, settings);
    const clip = await probeMedia(result.clipPath, { timeoutMs: 30_000 });
    expect(clip.video).toMatchObject({ codec: 'h264', width: 640, height: 360 });
    expect(clip.audio).not.toBeNull();
    expect((await stat(result.clipPath)).size).toBeLessThan((await stat(fx.speech)).size);
    const wav = await probeMedia(result.audioPath, { timeoutMs: 30_000 });
    expect(wav.audio).toEqual({ codec: 'pcm_s16le', sampleRate: 16000, channels: 1 });
    expect(Math.abs(wav.durationSeconds - info.durationSeconds)).toBeLessThan(0.1);
  });

  it('compressClip gives a clip without audio a silent wav', async () => {
    const out = await mkdtemp(join(dir, 'na-'));
    const info = await probeMedia(fx.noAudio, { timeoutMs: 30_000 });
    const result = await compressClip(fx.noAudio, info, out, parseCompressSettings({}));
    expect(result.hasAudio).toBe(false);
    expect((await probeMedia(result.clipPath, { timeoutMs: 30_000 })).audio).toBeNull();
    expect((await probeMedia(result.audioPath, { timeoutMs: 30_000 })).audio).toMatchObject({ sampleRate: 16000 });
  });
});
