import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, type FixtureManifest } from '../fixtures/generate.ts';
import { startStageHarness, type StageHarness } from '../test/harness.ts';
import { validateTelemetry } from '../runtime/telemetry.ts';
import { ffmpeg2 } from './stage.ts';

let fx: FixtureManifest;
let h: StageHarness;
beforeAll(async () => {
  fx = await ensureFixtures();
  h = await startStageHarness(ffmpeg2, { CRF: '32', X264_PRESET: 'ultrafast' });
});
afterAll(() => h.close());

describe('ffmpeg-2 stage', () => {
  it('ffmpeg-2 stores a compressed clip and its wav under the clip name', async () => {
    const clip = await h.putFile(fx.noAudio, 'clip-007.mp4');
    const { status, body } = await h.call({ requestId: 'cmp-1', clip });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      clip: 's3://fave-stages/requests/cmp-1/ffmpeg-2/clip-007/compressed.mp4',
      audio: 's3://fave-stages/requests/cmp-1/ffmpeg-2/clip-007/audio.wav',
      hasAudio: false,
    });
    expect((await h.probeObject(body.clip)).video).toMatchObject({ codec: 'h264' });
    expect((await h.probeObject(body.audio)).audio).toMatchObject({ sampleRate: 16000, channels: 1 });
    expect(validateTelemetry(body.metrics)).toMatchObject({ stage: 'ffmpeg-2', status: 'ok' });
  });

  it('ffmpeg-2 answers a missing clip with missing-object and a zero-length one with corrupt-media', async () => {
    expect((await h.call({ requestId: 'cmp-2', clip: 's3://fave-stages/inputs/none.mp4' })).body.error.cause).toBe('missing-object');
    expect((await h.call({ requestId: 'cmp-3', clip: await h.putFile(fx.empty, 'empty.mp4') })).body.error.cause).toBe('corrupt-media');
  });
});
