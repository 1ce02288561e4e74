import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parseEnumVar, parsePositiveNumberVar, type Env } from '../runtime/config.ts';
import { StageError } from '../runtime/errors.ts';
import { parseFfmpegTimeout } from '../runtime/ffmpeg.ts';
import { runFfmpegWithShowinfo } from '../runtime/showinfo.ts';

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
  /** Seconds into the clip: the frame's presentation time as the decoder delivered it (showinfo's pts_time). */
  time: number;
  name: string;
  path: string;
}

/**
 * The first frame of every 1/fps window: `floor(t·fps)` steps up. ffmpeg's fps filter would
 * instead emit frames stamped index/fps whose picture is one from later in the window (on
 * the 10 fps fixture ~0.4 s later), so a frame's time could not be taken from its index.
 * The 1e-6 keeps a frame at exactly k/fps (0.3 s × 10 = 2.9999…) in window k.
 */
export function selectFilter(fps: number): string {
  const w = (t: string) => `floor(${t}*${fps}+1e-6)`;
  return `select='isnan(prev_selected_t)+gt(${w('t')}\\,${w('prev_selected_t')})',showinfo`;
}

/** Samples frames at `fps` into `outDir` as frame-00000.<format>, in time order, each with its decoder pts. */
export async function sampleFrames(input: string, outDir: string, settings: FrameSettings): Promise<SampledFrame[]> {
  const quality = settings.format === 'jpg' ? ['-q:v', '3'] : [];
  // -vsync vfr: write the selected frames as they are; the default (cfr for images) would duplicate or drop.
  const shown = await runFfmpegWithShowinfo([
    '-i', input, '-map', '0:v:0', '-vf', selectFilter(settings.fps), '-vsync', 'vfr', ...quality,
    '-start_number', '0', join(outDir, `frame-%05d.${settings.format}`),
  ], { timeoutMs: settings.timeoutMs });
  const names = (await readdir(outDir)).filter((n) => n.startsWith('frame-')).sort();
  if (names.length === 0) throw new StageError('corrupt-media', 'no frame could be decoded from the clip');
  if (shown.length !== names.length) {
    throw new StageError('internal', `ffmpeg wrote ${names.length} frames but reported the time of ${shown.length}`);
  }
  return names.map((name, index) => ({ index, time: toMs(shown[index]!.ptsTime), name, path: join(outDir, name) }));
}

/** To the millisecond: below it is the time base's rounding (1/10240 s steps for the fixture), not the picture's time. */
function toMs(x: number): number {
  return Math.round(x * 1e3) / 1e3;
}
