import type { IndexedFrame, VideoIndex } from '../../stages/orchestrator/video-index.ts';
import { editDistance, findApproximate } from './fuzzy.ts';
import { compact, tokens } from './normalise.ts';
import { FaveError } from '../../sim/process/errors.ts';

// The matching rule (README.md, "Search"): text is compared after normalise.ts (case,
// accents and punctuation ignored).
// - Spoken: the phrase's words against the transcript's words, within one clip, allowing
//   ⌊n/3⌋ wrong, missing or extra words for an n-word phrase; two words are the same when
//   their spelling differs by at most ⌊length/4⌋ letters (the longer word's length), and a
//   phrase word may be heard as two words run together, or two as one, at no cost
//   ("serverless" = "server list", "log in" = "login").
// - On screen: the phrase with its spaces removed against each box's text with its spaces
//   removed (the text recogniser drops them), anywhere inside it, allowing ⌊length/5⌋
//   wrong, missing or extra characters. A run of consecutive frames showing it is one hit.

export interface SpokenHit {
  kind: 'spoken';
  requestId: string;
  video: string;
  clip: string;
  /** Seconds into the source video: the first matched word's start and the last one's end. */
  start: number;
  end: number;
  words: string;
  /** The lowest of the matched words' confidences; null when the recogniser reports none (pocketsphinx). */
  confidence: number | null;
  edits: number;
}

export interface ScreenHit {
  kind: 'on-screen';
  requestId: string;
  video: string;
  clip: string;
  /** The first frame of the run showing the text: its name and time in the source video. */
  frame: string;
  /** The frame's picture, and the box the text was read in (pixels of that picture). */
  uri: string;
  box: { x: number; y: number; w: number; h: number };
  time: number;
  /** The last frame of the run's time. */
  until: number;
  text: string;
  confidence: number;
  edits: number;
}

export type Hit = SpokenHit | ScreenHit;

export class EmptyPhraseError extends FaveError {
  constructor(phrase: string) {
    super(`the phrase ${JSON.stringify(phrase)} has no letters or digits to search for`);
    this.name = 'EmptyPhraseError';
  }
}

export function sameWord(a: string, b: string): boolean {
  return a === b || editDistance(a, b) <= Math.floor(Math.max(a.length, b.length) / 4);
}

function spoken(index: VideoIndex, phrase: string[]): SpokenHit[] {
  const hits: SpokenHit[] = [];
  const maxEdits = Math.floor(phrase.length / 3);
  for (const clip of index.clips) {
    // A recognised word may normalise to several tokens ("i'm" → i m); each remembers its word.
    const seq: Array<{ token: string; word: number }> = [];
    const words = index.words.filter((w) => w.clip === clip.name);
    words.forEach((w, i) => tokens(w.word).forEach((token) => seq.push({ token, word: i })));
    const found = findApproximate(phrase, seq.map((s) => s.token), maxEdits, sameWord, (a, b) => a + b);
    for (const o of found) {
      const first = words[seq[o.start]!.word]!;
      const last = words[seq[o.end]!.word]!;
      const matched = words.slice(seq[o.start]!.word, seq[o.end]!.word + 1);
      const said = matched.map((w) => w.word).join(' ');
      const confidences = matched.map((w) => w.confidence);
      const confidence = confidences.every((c) => c !== null) ? Math.min(...confidences) : null;
      hits.push({ kind: 'spoken', requestId: index.requestId, video: index.video, clip: clip.name, start: first.start, end: last.end, words: said, confidence, edits: o.edits });
    }
  }
  return hits;
}

function onScreen(index: VideoIndex, phrase: string): ScreenHit[] {
  const pattern = [...phrase];
  const maxEdits = Math.floor(pattern.length / 5);
  const frames = [...index.frames].sort((a, b) => a.time - b.time);
  const hits: ScreenHit[] = [];
  let open: ScreenHit | null = null;
  for (const frame of frames) {
    let best: { box: IndexedFrame['boxes'][number]; edits: number } | null = null;
    for (const box of frame.boxes) {
      const found = findApproximate(pattern, [...compact(box.text)], maxEdits, (a, b) => a === b);
      const edits = Math.min(...found.map((o) => o.edits));
      if (found.length > 0 && (best === null || edits < best.edits)) best = { box, edits };
    }
    if (best === null) {
      open = null;
      continue;
    }
    if (open !== null && open.text === best.box.text && open.clip === frame.clip) {
      open.until = frame.time;
      continue;
    }
    const { x, y, w, h, text, confidence } = best.box;
    open = {
      kind: 'on-screen', requestId: index.requestId, video: index.video, clip: frame.clip, frame: frame.name, uri: frame.uri,
      box: { x, y, w, h }, time: frame.time, until: frame.time, text, confidence, edits: best.edits,
    };
    hits.push(open);
  }
  return hits;
}

/** Every spoken and on-screen occurrence of `phrase` in one video, in time order. */
export function searchIndex(index: VideoIndex, phrase: string): Hit[] {
  const words = tokens(phrase);
  if (words.length === 0) throw new EmptyPhraseError(phrase);
  const hits: Hit[] = [...spoken(index, words), ...onScreen(index, words.join(''))];
  return hits.sort((a, b) => (a.kind === 'spoken' ? a.start : a.time) - (b.kind === 'spoken' ? b.start : b.time));
}
