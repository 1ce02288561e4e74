import { extname, join } from 'node:path';
import type { StageContext } from './context.ts';
import { parseS3Uri } from './input.ts';
import { probeMedia, type MediaInfo } from './probe.ts';

export interface FetchedMedia {
  path: string;
  info: MediaInfo;
}

/**
 * Downloads a media object into the call's temp dir (download phase) and probes it
 * (compute phase): missing → missing-object, oversized → too-large, unreadable → corrupt-media.
 */
export async function fetchMedia<S>(ctx: StageContext<S>, uri: string, timeoutMs: number): Promise<FetchedMedia> {
  const ext = extname(parseS3Uri(uri).key).replace(/[^.a-zA-Z0-9]/g, '') || '.bin';
  const path = join(ctx.tempDir, `input${ext}`);
  await ctx.phase('download', () => ctx.download(uri, path));
  const info = await ctx.phase('compute', () => probeMedia(path, { timeoutMs }));
  return { path, info };
}

/** A stable artifact folder name for a clip, from its key (`…/clip-003.mp4` → `clip-003`). */
export function clipName(uri: string): string {
  const base = parseS3Uri(uri).key.split('/').pop() ?? 'clip';
  const stem = base.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9._-]/g, '_');
  return stem === '' || stem === '.' || stem === '..' ? 'clip' : stem;
}
