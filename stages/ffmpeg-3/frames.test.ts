import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, type FixtureManifest } from '../fixtures/generate.ts';
import { StageConfigError } from '../runtime/errors.ts';
import { probeImage } from '../runtime/probe.ts';
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
});
