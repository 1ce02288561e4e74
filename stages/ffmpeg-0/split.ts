import { join } from 'node:path';
import { silentSourceInput, wavOutputArgs } from '../runtime/audio-track.ts';
import { StageError } from '../runtime/errors.ts';
import { runFfmpeg } from '../runtime/ffmpeg.ts';
import type { MediaInfo } from '../runtime/probe.ts';

/** Codecs an mp4 holds as they are, so the video track can be copied without re-encoding. */
const MP4_COPY_CODECS = new Set(['h264', 'hevc', 'mpeg4', 'av1']);

export interface SplitResult {
  videoPath: string;
  audioPath: string;
  durationSeconds: number;
  hasAudio: boolean;
  videoCopied: boolean;
}

/**
 * Splits a probed media file into a video-only mp4 and a 16 kHz mono wav in one ffmpeg run
 * (one demux). Media without audio gets a silent wav of the same duration.
 */
export async function splitVideo(input: string, info: MediaInfo, outDir: string, timeoutMs: number): Promise<SplitResult> {
  if (info.video === null) throw new StageError('corrupt-media', 'the input has no video stream');
  const hasAudio = info.audio !== null;
  const videoCopied = MP4_COPY_CODECS.has(info.video.codec);
  const videoPath = join(outDir, 'video.mp4');
  const audioPath = join(outDir, 'audio.wav');
  const videoCodec = videoCopied ? ['-c:v', 'copy'] : ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p'];
  await runFfmpeg([
    '-i', input,
    ...silentSourceInput(hasAudio),
    '-map', '0:v:0', ...videoCodec, '-an', '-movflags', '+faststart', videoPath,
    ...wavOutputArgs(hasAudio, info.durationSeconds, audioPath),
  ], { timeoutMs });
  return { videoPath, audioPath, durationSeconds: info.durationSeconds, hasAudio, videoCopied };
}
