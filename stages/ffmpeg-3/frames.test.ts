import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, type FixtureManifest } from '../fixtures/generate.ts';
import { StageConfigError } from '../runtime/errors.ts';
import { runFfmpeg } from '../runtime/ffmpeg.ts';
import { probeImage } from '../runtime/probe.ts';
import { PNG } from 'pngjs';
import { parseFrameSettings, sampleFrames } from './frames.ts';

let fx: FixtureManifest;
let dir: string;
beforeAll(async () => {
  fx = await ensureFixtures();
  dir = await mkdtemp(join(tmpdir(), 'frames-test-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('parseFrameSettings', () => {
  it('parseFrameSettings defaults to 1 fps JPEG', () => {
    expect(parseFrameSettings({})).toEqual({ fps: 1, format: 'jpg', timeoutMs: 120_000 });
  });

  it('parseFrameSettings rejects a zero rate and an unknown format', () => {
    expect(() => parseFrameSettings({ FRAME_FPS: '0' })).toThrow(StageConfigError);
    expect(() => parseFrameSettings({ FRAME_FORMAT: 'gif' })).toThrow(/FRAME_FORMAT/);
  });
});

describe('sampleFrames', () => {
  it('sampleFrames takes one JPEG per second of a 6 s video', async () => {
    const out = await mkdtemp(join(dir, 'jpg-'));
    const frames = await sampleFrames(fx.noAudio, out, parseFrameSettings({}));
    expect(frames.length).toBeGreaterThanOrEqual(6);
    expect(frames.length).toBeLessThanOrEqual(7);
    expect(frames.map((f) => f.time).slice(0, 3)).toEqual([0, 1, 2]);
    const jpeg = await readFile(frames[0]!.path);
    expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
  });

  it('sampleFrames writes PNG frames of the video size at 2 fps', async () => {
    const out = await mkdtemp(join(dir, 'png-'));
    const frames = await sampleFrames(fx.noAudio, out, { fps: 2, format: 'png', timeoutMs: 60_000 });
    expect(frames.length).toBeGreaterThanOrEqual(12);
    expect(await probeImage(frames[3]!.path, { timeoutMs: 30_000 })).toEqual({ codec: 'png', width: 320, height: 240 });
  });

  it('sampleFrames stamps each frame with the time of the picture it holds, not index/fps', async () => {
    // testsrc2 draws a different picture on every frame, so the picture names its time.
    const out = await mkdtemp(join(dir, 'pts-'));
    const frames = await sampleFrames(fx.noAudio, out, { fps: 0.7, format: 'png', timeoutMs: 60_000 });
    // Windows of 1/0.7 s start at 0, 1.43, 2.86, 4.29, 5.71: the first 10 fps frame in each.
    expect(frames.map((f) => f.time)).toEqual([0, 1.5, 2.9, 4.3, 5.8]);
    for (const f of frames) {
      const ref = join(out, `ref-${f.index}.png`);
      // The fixture is 10 fps from 0 s: the picture at t is decoded frame number 10·t.
      await runFfmpeg(['-i', fx.noAudio, '-vf', `select='eq(n\\,${Math.round(f.time * 10)})'`, '-vsync', 'vfr', '-frames:v', '1', ref], { timeoutMs: 60_000 });
      const [a, b] = [PNG.sync.read(await readFile(f.path)), PNG.sync.read(await readFile(ref))];
      expect(Buffer.compare(a.data, b.data), `frame ${f.index} at ${f.time} s`).toBe(0);
    }
  });
});
