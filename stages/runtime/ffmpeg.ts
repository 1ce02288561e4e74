import ffmpegInstaller from '@ffmpeg-installer/ffmpeg';
import { parseIntegerVar, type Env } from './config.ts';
import { runBinary, type RunOptions, type RunResult } from './run-binary.ts';

export { runBinary, type RunOptions, type RunResult } from './run-binary.ts';

/** A static binary shipped inside npm, so stages need no system ffmpeg (ffprobe: probe.ts). */
export const FFMPEG_PATH: string = ffmpegInstaller.path;

export const DEFAULT_FFMPEG_TIMEOUT_MS = 120_000;

export function parseFfmpegTimeout(env: Env): number {
  return parseIntegerVar(env, 'FFMPEG_TIMEOUT_MS', DEFAULT_FFMPEG_TIMEOUT_MS, 1);
}

/** ffmpeg quiet except for errors, never asking before overwriting. */
export function runFfmpeg(args: readonly string[], options: RunOptions): Promise<RunResult> {
  return runBinary(FFMPEG_PATH, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...args], options);
}
