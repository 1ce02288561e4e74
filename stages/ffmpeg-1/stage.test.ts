import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, type FixtureManifest } from '../fixtures/generate.ts';
import { startStageHarness, type StageHarness } from '../test/harness.ts';
import { validateTelemetry } from '../runtime/telemetry.ts';
import { ffmpeg1 } from './stage.ts';

let fx: FixtureManifest;
let h: StageHarness;
let video: string;
beforeAll(async () => {
  fx = await ensureFixtures();
  h = await startStageHarness(ffmpeg1);
  video = await h.putFile(fx.speech, 'speech.mp4');
});
afterAll(() => h.close());

describe('ffmpeg-1 stage', () => {
  it('ffmpeg-1 stores one playable clip per segment and reports telemetry', async () => {
    const segments = [{ start: 1.5, end: 4.9 }, { start: 7.4, end: 10.9 }];
    const { status, body } = await h.call({ requestId: 'cut-1', video, segments });
    expect(status).toBe(200);
    expect(body.clips).toEqual([
      { index: 0, start: 1.5, end: 4.9, videoStart: 1.5, uri: 's3://fave-stages/requests/cut-1/ffmpeg-1/clip-000.mp4' },
      { index: 1, start: 7.4, end: 10.9, videoStart: 7.4, uri: 's3://fave-stages/requests/cut-1/ffmpeg-1/clip-001.mp4' },
    ]);
    for (const clip of body.clips) {
      const info = await h.probeObject(clip.uri);
      expect(Math.abs(info.durationSeconds - (clip.end - clip.start))).toBeLessThan(0.15);
    }
    expect(validateTelemetry(body.metrics)).toMatchObject({ stage: 'ffmpeg-1', status: 'ok' });
  });

  it('ffmpeg-1 rejects segments outside the video as bad-input', async () => {
    const { status, body } = await h.call({ requestId: 'cut-2', video, segments: [{ start: 45, end: 50 }] });
    expect(status).toBe(500);
    expect(body.error).toMatchObject({ cause: 'bad-input', message: expect.stringContaining('segments[0]') });
  });

  it('ffmpeg-1 requires the segments field', async () => {
    const { body } = await h.call({ requestId: 'cut-3', video });
    expect(body.error).toMatchObject({ cause: 'bad-input', message: 'field "segments" is required' });
  });

  it('ffmpeg-1 calls a corrupt video corrupt-media', async () => {
    const { body } = await h.call({ requestId: 'cut-4', video: await h.putFile(fx.corrupt, 'corrupt.mp4'), segments: [] });
    expect(body.error.cause).toBe('corrupt-media');
  });
});
