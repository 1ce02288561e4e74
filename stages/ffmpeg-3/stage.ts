import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { StageError, expectRecord, expectS3Uri, optionalNumber, type StageDefinition } from '../runtime/index.ts';
import { clipName, fetchMedia } from '../runtime/media-input.ts';
import { FRAME_FORMATS, MAX_FPS, parseFrameSettings, sampleFrames, type FrameFormat, type FrameSettings } from './frames.ts';

/** ffmpeg-3: `{requestId, clip, fps?, format?}` → frames sampled at fps (default FRAME_FPS). */
export const ffmpeg3: StageDefinition<FrameSettings> = {
  name: 'ffmpeg-3',
  init: (env) => parseFrameSettings(env),
  handler: async (input, ctx) => {
    const body = expectRecord(input);
    const clip = expectS3Uri(body, 'clip');
    const fps = optionalNumber(body, 'fps', ctx.state.fps, { min: 0.001, max: MAX_FPS });
    const format = body.format === undefined ? ctx.state.format : body.format;
    if (!FRAME_FORMATS.includes(format as FrameFormat)) {
      throw new StageError('bad-input', `field "format" must be one of ${FRAME_FORMATS.join(', ')}, got ${JSON.stringify(format)}`);
    }
    const media = await fetchMedia(ctx, clip, ctx.state.timeoutMs);
    if (media.info.video === null) throw new StageError('corrupt-media', `${clip} has no video stream`);
    const outDir = join(ctx.tempDir, 'frames');
    await mkdir(outDir);
    const settings = { ...ctx.state, fps, format: format as FrameFormat };
    const frames = await ctx.phase('compute', () => sampleFrames(media.path, outDir, settings));
    const name = clipName(clip);
    const uris = await ctx.phase('upload', () => Promise.all(frames.map((f) => ctx.upload(f.path, `${name}/${f.name}`))));
    return {
      requestId: ctx.requestId,
      source: clip,
      fps,
      format,
      frames: frames.map((f, i) => ({ index: f.index, time: f.time, uri: uris[i] })),
    };
  },
};
