import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { StageError, expectRecord, expectS3Uri, parseIntegerVar, type StageDefinition } from '../runtime/index.ts';
import { parseFfmpegTimeout } from '../runtime/ffmpeg.ts';
import { fetchMedia } from '../runtime/media-input.ts';
import { cutClips } from './cut.ts';
import { validateSegments } from './segments.ts';

export interface Ffmpeg1State {
  timeoutMs: number;
  /** `CUT_CONCURRENCY`, default 2: ffmpeg processes cutting at once (x264 at 640×360 does not fill 2 cores alone). */
  concurrency: number;
}

/** ffmpeg-1: `{requestId, video, segments: [{start, end}]}` → one clip per segment. */
export const ffmpeg1: StageDefinition<Ffmpeg1State> = {
  name: 'ffmpeg-1',
  init: (env) => ({ timeoutMs: parseFfmpegTimeout(env), concurrency: parseIntegerVar(env, 'CUT_CONCURRENCY', 2, 1) }),
  handler: async (input, ctx) => {
    const body = expectRecord(input);
    const video = expectS3Uri(body, 'video');
    if (body.segments === undefined) throw new StageError('bad-input', 'field "segments" is required');
    const media = await fetchMedia(ctx, video, ctx.state.timeoutMs);
    if (media.info.video === null) throw new StageError('corrupt-media', `${video} has no video stream`);
    const segments = validateSegments(body.segments, media.info.durationSeconds);
    const outDir = join(ctx.tempDir, 'clips');
    await mkdir(outDir);
    const clips = await ctx.phase('compute', () => cutClips(media.path, segments, outDir, ctx.state.timeoutMs, ctx.state.concurrency));
    const uris = await ctx.phase('upload', () => Promise.all(clips.map((clip) => ctx.upload(clip.path, clip.name))));
    return {
      requestId: ctx.requestId,
      source: video,
      clips: clips.map((clip, i) => ({ index: clip.index, start: clip.start, end: clip.end, videoStart: clip.videoStart, uri: uris[i] })),
    };
  },
};
