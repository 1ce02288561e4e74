import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expectRecord, expectS3Uri, type StageDefinition } from '../runtime/index.ts';
import { clipName, fetchMedia } from '../runtime/media-input.ts';
import { compressClip, parseCompressSettings, type CompressSettings } from './compress.ts';

/** ffmpeg-2: `{requestId, clip: s3://…}` → compressed clip + 16 kHz mono wav. */
export const ffmpeg2: StageDefinition<CompressSettings> = {
  name: 'ffmpeg-2',
  init: (env) => parseCompressSettings(env),
  handler: async (input, ctx) => {
    const clip = expectS3Uri(expectRecord(input), 'clip');
    const media = await fetchMedia(ctx, clip, ctx.state.timeoutMs);
    const outDir = join(ctx.tempDir, 'out');
    await mkdir(outDir);
    const result = await ctx.phase('compute', () => compressClip(media.path, media.info, outDir, ctx.state));
    const name = clipName(clip);
    const [clipUri, audioUri] = await ctx.phase('upload', () =>
      Promise.all([ctx.upload(result.clipPath, `${name}/compressed.mp4`), ctx.upload(result.audioPath, `${name}/audio.wav`)]));
    return {
      requestId: ctx.requestId,
      source: clip,
      clip: clipUri,
      audio: audioUri,
      durationSeconds: result.durationSeconds,
      hasAudio: result.hasAudio,
    };
  },
};
