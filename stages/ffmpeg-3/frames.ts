import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEnumVar, parsePositiveNumberVar, type Env } from '../runtime/config.ts';
import { StageError } from '../runtime/errors.ts';
import { parseFfmpegTimeout, runFfmpeg } from '../runtime/ffmpeg.ts';

export const FRAME_FORMATS = ['jpg', 'png'] as const;
export type FrameFormat = (typeof FRAME_FORMATS)[number];
export const MAX_FPS = 30;

export interface FrameSettings {
  fps: number;
  format: FrameFormat;
  timeoutMs: number;
}

/** Defaults for calls that don't say: FRAME_FPS (1, as in the original) and FRAME_FORMAT (jpg). */
export function parseFrameSettings(env: Env): FrameSettings {
  return {
    fps: parsePositiveNumberVar(env, 'FRAME_FPS', 1, MAX_FPS),
    format: parseEnumVar(env, 'FRAME_FORMAT', FRAME_FORMATS, 'jpg'),
    timeoutMs: parseFfmpegTimeout(env),
  };
}

export interface SampledFrame {
  index: number;
  /** Seconds into the clip the frame stands for (the fps filter picks the frame nearest index/fps). */
  time: number;
  name: string;
  path: string;
}

/** Samples frames at `fps` into `outDir` as frame-00000.<format>, in time order. */
export async function sampleFrames(input: string, outDir: string, settings: FrameSettings): Promise<SampledFrame[]> {
  const quality = settings.format === 'jpg' ? ['-q:v', '3'] : [];
  await runFfmpeg([
    '-i', input, '-map', '0:v:0', '-vf', `fps=${settings.fps}`, ...quality,
    '-start_number', '0', join(outDir, `frame-%05d.${settings.format}`),
  ], { timeoutMs: settings.timeoutMs });
  const names = (await readdir(outDir)).filter((n) => n.startsWith('frame-')).sort();
  if (names.length === 0) throw new StageError('corrupt-media', 'no frame could be decoded from the clip');
  return names.map((name, index) => ({ index, time: index / settings.fps, name, path: join(outDir, name) }));
}
