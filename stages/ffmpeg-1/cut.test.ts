import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, type FixtureManifest } from '../fixtures/generate.ts';
import { PNG } from 'pngjs';
import { runFfmpeg } from '../runtime/ffmpeg.ts';
import { probeMedia } from '../runtime/probe.ts';
import { cutClips } from './cut.ts';

let fx: FixtureManifest;
let dir: string;
beforeAll(async () => {
  fx = await ensureFixtures();
  dir = await mkdtemp(join(tmpdir(), 'cut-test-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('cutClips', () => {
  it('cutClips makes one clip per segment lasting the segment, with audio and video', async () => {
    const segments = fx.speechSegments.slice(0, 2).map(({ start, end }) => ({ start, end }));
    const clips = await cutClips(fx.speech, segments, dir, 60_000);
    expect(clips.map((c) => c.name)).toEqual(['clip-000.mp4', 'clip-001.mp4']);
    for (const [i, clip] of clips.entries()) {
      const info = await probeMedia(clip.path, { timeoutMs: 30_000 });
      const wanted = segments[i]!.end - segments[i]!.start;
      // Re-encoding cuts at the segment, so the clip is its length to within a frame or an AAC frame.
      expect(Math.abs(info.durationSeconds - wanted)).toBeLessThan(0.15);
      expect(info.video).toMatchObject({ width: 640, height: 360 });
      expect(info.audio).not.toBeNull();
    }
  });

  it('cutClips with concurrency 3 returns the clips in segment order, as one at a time does', async () => {
    const segments = fx.speechSegments.map(({ start, end }) => ({ start, end }));
    const clips = await cutClips(fx.speech, segments, await mkdtemp(join(dir, 'par-')), 60_000, 3);
    expect(clips.map((c) => [c.index, c.start])).toEqual(segments.map((s, i) => [i, s.start]));
    for (const clip of clips) expect((await probeMedia(clip.path, { timeoutMs: 30_000 })).video).not.toBeNull();
  });

  it('cutClips running cuts side by side reports a failed cut with ffmpeg\'s reason', async () => {
    const out = await mkdtemp(join(dir, 'fail-'));
    const cut = cutClips(join(dir, 'missing.mp4'), [{ start: 0, end: 1 }, { start: 1, end: 2 }], out, 60_000, 2);
    await expect(cut).rejects.toThrow(/ffmpeg exited with 1: .*missing\.mp4: No such file/);
  });

  it('cutClips cuts a video without audio into video-only clips', async () => {
    const [clip] = await cutClips(fx.noAudio, [{ start: 1, end: 3 }], await mkdtemp(join(dir, 'na-')), 60_000);
    const info = await probeMedia(clip!.path, { timeoutMs: 30_000 });
    expect(info.audio).toBeNull();
    expect(Math.abs(info.durationSeconds - 2)).toBeLessThan(0.15);
  });

  it('cutClips reports where each clip\'s video starts in the source: the first frame at or after the cut', async () => {
    // 10 fps from 0 s: a cut at 7.438 s starts its video with the frame at 7.5 s, one at 1.5 s with that frame.
    const clips = await cutClips(fx.speech, [{ start: 7.438, end: 8 }, { start: 1.5, end: 2 }], await mkdtemp(join(dir, 'vs-')), 60_000);
    expect(clips.map((c) => c.videoStart)).toEqual([7.5, 1.5]);
  });

  it('cutClips\' videoStart names the source picture the clip opens with', async () => {
    // testsrc2 draws a different picture on every frame: the clip's first one is closest to
    // source frame 10·videoStart and further from its neighbours (re-encoding blurs, never swaps).
    const out = await mkdtemp(join(dir, 'pic-'));
    const [clip] = await cutClips(fx.noAudio, [{ start: 1.23, end: 2 }], out, 60_000);
    expect(clip!.videoStart).toBe(1.3);
    const frame = async (input: string, n: number, name: string) => {
      await runFfmpeg(['-i', input, '-vf', `select='eq(n\\,${n})'`, '-vsync', 'vfr', '-frames:v', '1', join(out, name)], { timeoutMs: 60_000 });
      return PNG.sync.read(await readFile(join(out, name))).data;
    };
    const first = await frame(clip!.path, 0, 'clip0.png');
    const distance = async (n: number) => {
      const src = await frame(fx.noAudio, n, `src${n}.png`);
      let sum = 0;
      for (let i = 0; i < src.length; i++) sum += Math.abs(src[i]! - first[i]!);
      return sum / src.length;
    };
    const [before, at, after] = [await distance(12), await distance(13), await distance(14)];
    expect(at).toBeLessThan(before);
    expect(at).toBeLessThan(after);
  });
});
