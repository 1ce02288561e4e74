import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, type FixtureManifest } from '../fixtures/generate.ts';
import { startStageHarness, type StageHarness } from '../test/harness.ts';
import { validateTelemetry } from '../runtime/telemetry.ts';
import { ffmpeg3 } from './stage.ts';

let fx: FixtureManifest;
let h: StageHarness;
let clip: string;
beforeAll(async () => {
  fx = await ensureFixtures();
  h = await startStageHarness(ffmpeg3);
  clip = await h.putFile(fx.noAudio, 'clip-002.mp4');
});
afterAll(() => h.close());

describe('ffmpeg-3 stage', () => {
  it('ffmpeg-3 stores frames sampled at the requested rate as images', async () => {
    const { status, body } = await h.call({ requestId: 'fr-1', clip, fps: 0.5, format: 'png' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ fps: 0.5, format: 'png' });
    expect(body.frames.length).toBe(3);
    expect(body.frames[1]).toEqual({ index: 1, time: 2, uri: 's3://fave-stages/requests/fr-1/ffmpeg-3/clip-002/frame-00001.png' });
    for (const frame of body.frames) expect(await h.probeImageObject(frame.uri)).toEqual({ codec: 'png', width: 320, height: 240 });
    const record = validateTelemetry(body.metrics);
    expect(record.bytesOut).toBeGreaterThan(0);
  });

  it('ffmpeg-3 defaults to 1 fps JPEG', async () => {
    const { body } = await h.call({ requestId: 'fr-2', clip });
    expect(body.format).toBe('jpg');
    expect(body.frames.length).toBeGreaterThanOrEqual(6);
    expect((await h.getObject(body.frames[0].uri))?.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  });

  it.each([
    [{ fps: 0 }, 'fps'],
    [{ fps: 100 }, 'fps'],
    [{ format: 'gif' }, 'format'],
  ])('ffmpeg-3 rejects %j as bad-input naming %s', async (patch, field) => {
    const { body } = await h.call({ requestId: 'fr-3', clip, ...patch });
    expect(body.error).toMatchObject({ cause: 'bad-input', message: expect.stringContaining(`"${field}"`) });
  });
});
