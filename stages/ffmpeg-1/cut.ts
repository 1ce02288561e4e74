import { join } from 'node:path';
import { runFfmpeg } from '../runtime/ffmpeg.ts';
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
 * Cuts one clip per segment, re-encoding. Stream copy can only start a clip on a keyframe
 * (every ~2-10 s in typical H.264), so a copied clip would begin before the segment and
 * carry the previous sentence's audio; re-encoding with input seeking (-ss before -i,
 * frame-accurate since ffmpeg 2.1) makes each clip start and end at the segment's times.
 */
export async function cutClips(input: string, segments: readonly Segment[], outDir: string, timeoutMs: number): Promise<CutClip[]> {
  const clips: CutClip[] = [];
  for (const [index, segment] of segments.entries()) {
    const name = clipFileName(index);
    const path = join(outDir, name);
    await runFfmpeg([
      '-ss', segment.start.toFixed(3), '-i', input, '-t', (segment.end - segment.start).toFixed(3),
      '-map', '0:v:0', '-map', '0:a:0?',
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-pix_fmt', 'yuv420p',
      '-c:a', 'aac', '-b:a', '96k', '-movflags', '+faststart', path,
    ], { timeoutMs });
    clips.push({ index, name, path, ...segment });
  }
  return clips;
}
