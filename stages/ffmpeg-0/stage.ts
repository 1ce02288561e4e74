import { expectRecord, expectS3Uri, type StageDefinition } from '../runtime/index.ts';
import { parseFfmpegTimeout } from '../runtime/ffmpeg.ts';
import { fetchMedia } from '../runtime/media-input.ts';
import { splitVideo } from './split.ts';

export interface Ffmpeg0State {
  timeoutMs: number;
}

/** ffmpeg-0: `{requestId, video: s3://…}` → video-only mp4 + 16 kHz mono wav. */
export const ffmpeg0: StageDefinition<Ffmpeg0State> = {
  name: 'ffmpeg-0',
  init: (env) => ({ timeoutMs: parseFfmpegTimeout(env) }),
  handler: async (input, ctx) => {
    const video = expectS3Uri(expectRecord(input), 'video');
    const media = await fetchMedia(ctx, video, ctx.state.timeoutMs);
    const split = await ctx.phase('compute', () => splitVideo(media.path, media.info, ctx.tempDir, ctx.state.timeoutMs));
    const [videoUri, audioUri] = await ctx.phase('upload', () =>
      Promise.all([ctx.upload(split.videoPath, 'video.mp4'), ctx.upload(split.audioPath, 'audio.wav')]));
    return {
      requestId: ctx.requestId,
      source: video,
      video: videoUri,
      audio: audioUri,
      durationSeconds: split.durationSeconds,
      hasAudio: split.hasAudio,
    };
  },
};
