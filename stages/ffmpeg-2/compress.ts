import { join } from 'node:path';
import { silentSourceInput, wavOutputArgs } from '../runtime/audio-track.ts';
import { parseEnumVar, parseIntegerVar, type Env } from '../runtime/config.ts';
import { StageConfigError, StageError } from '../runtime/errors.ts';
import { parseFfmpegTimeout, runFfmpeg } from '../runtime/ffmpeg.ts';
import type { MediaInfo } from '../runtime/probe.ts';

export const X264_PRESETS = [
  'ultrafast', 'superfast', 'veryfast', 'faster', 'fast', 'medium', 'slow', 'slower', 'veryslow',
] as const;

export interface CompressSettings {
  /** libx264 constant rate factor, 0 (lossless) to 51; 28 is small and still legible. */
  crf: number;
  preset: (typeof X264_PRESETS)[number];
  timeoutMs: number;
}

export function parseCompressSettings(env: Env): CompressSettings {
  const crf = parseIntegerVar(env, 'CRF', 28);
  if (crf > 51) throw new StageConfigError('CRF', env.CRF, 'an integer 0-51');
  return { crf, preset: parseEnumVar(env, 'X264_PRESET', X264_PRESETS, 'veryfast'), timeoutMs: parseFfmpegTimeout(env) };
}

export interface CompressResult {
  clipPath: string;
  audioPath: string;
  durationSeconds: number;
  hasAudio: boolean;
}

/** One ffmpeg run, two outputs: the compressed clip (H.264 + AAC) and the 16 kHz mono wav. */
export async function compressClip(input: string, info: MediaInfo, outDir: string, settings: CompressSettings): Promise<CompressResult> {
  if (info.video === null) throw new StageError('corrupt-media', 'the clip has no video stream');
  const hasAudio = info.audio !== null;
  const clipPath = join(outDir, 'compressed.mp4');
  const audioPath = join(outDir, 'audio.wav');
  await runFfmpeg([
    '-i', input,
    ...silentSourceInput(hasAudio),
    '-map', '0:v:0', ...(hasAudio ? ['-map', '0:a:0', '-c:a', 'aac', '-b:a', '64k'] : []),
    '-c:v', 'libx264', '-preset', settings.preset, '-crf', String(settings.crf), '-pix_fmt', 'yuv420p',
    '-movflags', '+faststart', clipPath,
    ...wavOutputArgs(hasAudio, info.durationSeconds, audioPath),
  ], { timeoutMs: settings.timeoutMs });
  return { clipPath, audioPath, durationSeconds: info.durationSeconds, hasAudio };
}
