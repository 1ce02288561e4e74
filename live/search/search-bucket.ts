// One search over the bucket: the indexes of the requests asked for (one, or every request
// folder), each searched with find.ts. A request without a usable index is reported with
// the reason, never silently left out.
import type { S3Client } from '@aws-sdk/client-s3';
import type { VideoIndex } from '../../stages/orchestrator/video-index.ts';
import { type Hit, searchIndex } from './find.ts';
import { type IndexSource, listRequestIds, readIndex } from './index-file.ts';

export interface SearchedVideo {
  requestId: string;
  video: string;
  status: VideoIndex['status'];
  /** Why part or all of the video could not be searched: a failed request, no audio. */
  note: string | null;
  /** Stages whose model was stood in for, from the index. */
  standIns: string[];
  hits: Hit[];
}

export interface SearchResult {
  phrase: string;
  videos: SearchedVideo[];
  /** Requests in --all whose index could not be read, and why. */
  skipped: Array<{ requestId: string; reason: string }>;
}

export type Scope = { request: string } | { all: true };

function noteOf(index: VideoIndex): string | null {
  if (index.status === 'failed') {
    const e = index.error;
    return `the request failed${e ? ` at ${e.stage} (${e.cause}: ${e.message})` : ''}: nothing to search`;
  }
  if (index.facts?.hasAudio === false) return 'no audio track: on-screen text only';
  return null;
}

function searched(index: VideoIndex, phrase: string): SearchedVideo {
  return {
    requestId: index.requestId, video: index.video, status: index.status, note: noteOf(index),
    standIns: Object.entries(index.standIns).filter(([, note]) => note !== null).map(([stage]) => stage).sort(),
    hits: searchIndex(index, phrase),
  };
}

/**
 * `--request`: that request's index, whose absence or malformation is the caller's error.
 * `--all`: every request folder; one that cannot be read is skipped with its reason.
 */
export async function searchBucket(store: IndexSource, client: S3Client, phrase: string, scope: Scope): Promise<SearchResult> {
  if ('request' in scope) return { phrase, videos: [searched(await readIndex(store, scope.request), phrase)], skipped: [] };
  const videos: SearchedVideo[] = [];
  const skipped: SearchResult['skipped'] = [];
  for (const requestId of await listRequestIds(client, store.bucket)) {
    let index: VideoIndex;
    try {
      index = await readIndex(store, requestId);
    } catch (error) {
      skipped.push({ requestId, reason: (error as Error).message });
      continue;
    }
    videos.push(searched(index, phrase));
  }
  return { phrase, videos, skipped };
}
