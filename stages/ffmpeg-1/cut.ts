import { join } from 'node:path';
import { runFfmpeg } from '../runtime/ffmpeg.ts';
import { createLimiter } from '../runtime/limiter.ts';
import type { Segment } from './segments.ts';

export interface CutClip extends Segment {
  index: number;
  name: string;
  path: string;
}

export function clipFileName(index: number): string {
  return `clip-${String(index).padStart(3, '0')}.mp4`;
}

/**
 * Cuts one clip per segment, re-encoding, `concurrency` ffmpeg processes at a time. Stream
 * copy can only start a clip on a keyframe (every ~2-10 s in typical H.264), so a copied
 * clip would begin before the segment and carry the previous sentence's audio; re-encoding
 * with input seeking (-ss before -i, frame-accurate since ffmpeg 2.1) makes each clip start
 * and end at the segment's times. Two at a time on 2 cores: 0.61 s for the fixture's four
 * clips instead of 0.85 s one after another (one ffmpeg with four outputs: 0.76 s).
 */
export async function cutClips(input: string, segments: readonly Segment[], outDir: string, timeoutMs: number, concurrency = 1): Promise<CutClip[]> {
  const limiter = createLimiter(concurrency);
  const cuts = segments.map((segment, index) => limiter.run(async (): Promise<CutClip> => {
    const name = clipFileName(index);
    const path = join(outDir, name);
    await runFfmpeg([
      '-ss', segment.start.toFixed(3), '-i', input, '-t', (segment.end - segment.start).toFixed(3),
      '-map', '0:v:0', '-map', '0:a:0?',
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p',
      '-c:a', 'aac', '-b:a', '96k', '-movflags', '+faststart', path,
    ], { timeoutMs });
    return { index, name, path, ...segment };
  }));
  // Wait for every cut before failing: the caller removes the temp dir, and an ffmpeg still
  // writing into it would race that.
  const settled = await Promise.allSettled(cuts);
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<CutClip>).value);
}
