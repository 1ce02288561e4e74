import { FFMPEG_PATH, runBinary, type RunOptions } from './ffmpeg.ts';

/**
 * Presentation times as ffmpeg's decoder delivers them, read from the `showinfo` filter's
 * log lines (`[Parsed_showinfo_1 @ 0x…] n:   0 pts:    655 pts_time:0.0639648 pos: …`).
 * Frame times computed from an index (index / fps) are wrong whenever a filter picks a
 * frame other than the one at that instant (the fps filter picks one ~0.4 s later on a
 * 10 fps clip); the decoder's pts is what the frame really shows.
 */
export interface ShownFrame {
  /** showinfo's own count of the frames it saw, from 0. */
  n: number;
  /** Seconds, the frame's pts × the stream's time base. */
  ptsTime: number;
}

const LINE = /\bParsed_showinfo_\d+ @ [^\]]*\] n: *(\d+) pts: *-?\d+ pts_time:(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)\s/;

/** Every showinfo frame line in an ffmpeg log, in order; other lines are ignored. */
export function parseShowinfo(log: string): ShownFrame[] {
  const frames: ShownFrame[] = [];
  for (const line of log.split('\n')) {
    const m = LINE.exec(line);
    if (!m) continue;
    const n = Number(m[1]);
    const ptsTime = Number(m[2]);
    if (Number.isSafeInteger(n) && Number.isFinite(ptsTime)) frames.push({ n, ptsTime });
  }
  return frames;
}

/**
 * ffmpeg at log level `info` (showinfo logs there; `runFfmpeg` keeps only errors), so the
 * caller's filter graph can carry a showinfo. The log is returned whole: keep showinfo
 * behind a select so it prints a line per kept frame, not per decoded frame.
 */
export async function runFfmpegWithShowinfo(args: readonly string[], options: RunOptions): Promise<ShownFrame[]> {
  const { stderr } = await runBinary(FFMPEG_PATH, ['-hide_banner', '-nostdin', '-loglevel', 'info', '-y', ...args], options);
  return parseShowinfo(stderr);
}
