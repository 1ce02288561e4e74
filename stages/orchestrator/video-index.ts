import { clipTag, frameTag } from '../runtime/names.ts';
import type { StandIn } from '../runtime/stand-in.ts';
import type { FoundBox } from './answers.ts';
import type { StageCallResult } from './gateway-client.ts';
import type { PipelineResult } from './pipeline.ts';
import type { RequestFailure } from './request-state.ts';

/**
 * `requests/<id>/metadata/index.json`, beside state.json: what one video holds, in the
 * source video's time, for search. Published as schemas/video-index.schema.json; readers
 * validate it (live/search/index-file.ts). Bump the version on any change of meaning.
 */
export const VIDEO_INDEX_FORMAT = 'fave.video-index/v1';

export interface IndexedWord {
  word: string;
  /** Seconds into the source video: the clip's start + the recogniser's offset. */
  start: number;
  end: number;
  /** null: pocketsphinx_batch reports no per-word posterior (its scores are log-likelihoods). */
  confidence: number | null;
  clip: string;
}

export interface IndexedFrame {
  clip: string;
  name: string;
  index: number;
  /** Seconds into the source video (the clip's videoStart + the frame's decoder pts). */
  time: number;
  /** Seconds into the clip, the decoder's pts. */
  clipTime: number;
  uri: string;
  boxes: FoundBox[];
}

export interface VideoIndex {
  format: typeof VIDEO_INDEX_FORMAT;
  requestId: string;
  video: string;
  status: 'done' | 'failed';
  createdAt: string;
  /** ffmpeg-0's facts; null when the request failed before ffmpeg-0 answered. */
  facts: { durationSeconds: number; hasAudio: boolean } | null;
  error: RequestFailure | null;
  /** Per stage called: the note of what stood in for its model, or null. */
  standIns: Record<string, StandIn>;
  clips: Array<{ name: string; index: number; start: number; end: number; videoStart: number; speech: boolean; transcript: string | null }>;
  words: IndexedWord[];
  frames: IndexedFrame[];
}

const ms = (seconds: number): number => Math.round(seconds * 1000) / 1000;

/** A transcript.json's words, each checked: a malformed artifact fails the request rather than the search. */
function wordsOf(doc: unknown, uri: string): Array<{ word: string; start: number; end: number }> {
  const words = (doc as { words?: unknown } | null)?.words;
  if (!Array.isArray(words)) throw new Error(`${uri}: "words" must be an array`);
  return words.map((w: unknown, i) => {
    const x = w as { word?: unknown; start?: unknown; end?: unknown } | null;
    if (typeof x?.word !== 'string' || typeof x.start !== 'number' || typeof x.end !== 'number' || !Number.isFinite(x.start) || !Number.isFinite(x.end)) {
      throw new Error(`${uri}: words[${i}] must be {word, start, end}, got ${JSON.stringify(w)?.slice(0, 200)}`);
    }
    return { word: x.word, start: x.start, end: x.end };
  });
}

export async function buildIndex(
  parts: { requestId: string; video: string; result: PipelineResult; now: Date },
  readJson: (uri: string) => Promise<unknown>,
): Promise<VideoIndex> {
  const { result } = parts;
  const words: IndexedWord[] = [];
  for (const clip of result.clips) {
    if (!clip.transcript) continue;
    for (const w of wordsOf(await readJson(clip.transcript.uri), clip.transcript.uri)) {
      // The clip's audio starts at its start (the cut seeks audio to the sample); the wav's offsets count from there.
      words.push({ word: w.word, start: ms(clip.start + w.start), end: ms(clip.start + w.end), confidence: null, clip: clipTag(clip.index) });
    }
  }
  return {
    format: VIDEO_INDEX_FORMAT,
    requestId: parts.requestId,
    video: parts.video,
    status: 'done',
    createdAt: parts.now.toISOString(),
    facts: result.video,
    error: null,
    standIns: result.standIns,
    clips: result.clips.map((c) => ({
      name: clipTag(c.index), index: c.index, start: c.start, end: c.end, videoStart: c.videoStart, speech: c.speech, transcript: c.transcript?.uri ?? null,
    })),
    words: words.sort((a, b) => a.start - b.start),
    frames: result.clips.flatMap((c) => c.frames.map((f) => ({
      clip: clipTag(c.index), name: frameTag(f.index), index: f.index, time: f.videoTime, clipTime: f.time, uri: f.frame, boxes: f.found,
    }))),
  };
}

/** A failed request's index: what went wrong, and the video's facts if ffmpeg-0 got that far. */
export function failedIndex(parts: { requestId: string; video: string; error: RequestFailure; calls: readonly StageCallResult[]; now: Date }): VideoIndex {
  const f0 = parts.calls.find((c) => c.stage === 'ffmpeg-0')?.body;
  const facts = f0 && typeof f0.durationSeconds === 'number' && typeof f0.hasAudio === 'boolean'
    ? { durationSeconds: f0.durationSeconds, hasAudio: f0.hasAudio }
    : null;
  return {
    format: VIDEO_INDEX_FORMAT, requestId: parts.requestId, video: parts.video, status: 'failed', createdAt: parts.now.toISOString(),
    facts, error: parts.error, standIns: {}, clips: [], words: [], frames: [],
  };
}

export function indexKey(requestId: string): string {
  return `requests/${requestId}/metadata/index.json`;
}
