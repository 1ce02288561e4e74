import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VideoIndex } from '../../stages/orchestrator/video-index.ts';
import { sameWord, searchIndex, type SpokenHit } from './find.ts';
import { tokens } from './normalise.ts';

// Is the spoken matching tolerant enough to find what was said, and still strict enough to
// find nothing else? Checked on what pocketsphinx really heard: the 30 s fixture through the
// pipeline (Flite's kal16 voice, fixtures version 4), and the same sentences in espeak-ng's
// en-us voice (version 3), which it mostly could not hear.

const SAID = [
  'The quick brown fox jumps over the lazy dog',
  'Serverless functions scale out when the load grows',
  'Every video is split into clips and frames',
  'Thank you for watching this test video',
];
const KAL16 = [
  'the quick brown fox jumped over the lazy dog',
  'server was functions scale out when the load grows',
  'every video was split into clips and frames',
  'thank you for watching this test video',
];
const ESPEAK = [
  'we probably are still so clearly the ah',
  'server list on the law and old bro',
  "i'm really be likely to clean and three",
  'thank you for watching the deadly duo',
];

/** One clip per sentence, 6 s apart, its words 0.3 s apart. */
function indexOf(heard: readonly string[]): VideoIndex {
  const clips = heard.map((_, i) => ({ name: `clip-00${i}`, index: i, start: i * 6, end: i * 6 + 4, videoStart: i * 6, speech: true, transcript: null }));
  const words = heard.flatMap((text, i) => text.split(' ').map((word, k) => ({ word, start: i * 6 + k * 0.3, end: i * 6 + k * 0.3 + 0.25, confidence: null, clip: `clip-00${i}` })));
  return {
    format: 'fave.video-index/v1', requestId: 'r', video: 's3://fave/inputs/speech.mp4', status: 'done', createdAt: '2026-01-01T00:00:00.000Z',
    facts: { durationSeconds: 24, hasAudio: true }, error: null, standIns: {}, clips, words, frames: [],
  };
}

const spokenHits = (index: VideoIndex, phrase: string) => searchIndex(index, phrase).filter((h): h is SpokenHit => h.kind === 'spoken');

// Phrases nobody said in the fixture, many sharing its common words (the, and, into, for, video, test).
const DECOYS = [
  'The weather is nice today', 'I want to go home now', 'Please call the office tomorrow morning',
  'The lazy fox sleeps under the table', 'Functions fail when the server is down', 'Split the bill into three parts',
  'Thanks for the test results', 'Every morning the dog barks', 'Watch this space for more news', 'The load was too heavy to carry',
  'Clips from the old video archive', 'Scale the image down to fit', 'Over the hills and far away', 'Thank you very much for coming',
  'Quick questions about the frames', 'Brown bread and butter please',
];

describe('spoken matching on what the recogniser heard', () => {
  it('each fixture sentence is found once, in its own clip, in what pocketsphinx heard from kal16', () => {
    const index = indexOf(KAL16);
    SAID.forEach((sentence, i) => expect(spokenHits(index, sentence).map((h) => h.clip), sentence).toEqual([`clip-00${i}`]));
  });

  it('no decoy is found in either transcript (16 phrases, 2 × 4 clips)', () => {
    for (const index of [indexOf(KAL16), indexOf(ESPEAK)]) {
      for (const decoy of DECOYS) expect(spokenHits(index, decoy), decoy).toEqual([]);
    }
  });

  it('in what pocketsphinx heard from espeak-ng only the words it got right are found, and "serverless" in "server list"', () => {
    const index = indexOf(ESPEAK);
    expect(SAID.flatMap((s) => spokenHits(index, s))).toEqual([]);
    expect(spokenHits(index, 'thank you for watching')).toEqual([expect.objectContaining({ clip: 'clip-003', edits: 0 })]);
    // One word the dictionary lacks, heard as two it has: found through the join, with both words reported.
    expect(spokenHits(index, 'serverless')).toEqual([expect.objectContaining({ clip: 'clip-001', words: 'server list', edits: 0 })]);
  });

  // Words unlike every heard word, every two heard words run together, and (run together with a
  // neighbour) every heard word: any alignment pays at least one edit for each. A phrase with
  // more of them than its ⌊n/3⌋ allowed edits can never match, whatever the rest is.
  const heard = KAL16.flatMap((t) => tokens(t));
  const joins = KAL16.map((t) => tokens(t)).flatMap((t) => t.slice(1).map((w, i) => t[i]! + w));
  const FOREIGN = ['river', 'table', 'morning', 'purple', 'engine', 'garden', 'silver', 'window', 'pocket', 'ladder', 'number', 'coffee']
    .filter((w) => ![...heard, ...joins].some((h) => sameWord(w, h)));
  const neverJoins = (phrase: string[]) => phrase.every((w, i) => i === 0 || !heard.some((h) => sameWord(phrase[i - 1]! + w, h)));

  it('the foreign words are unlike everything heard (the precondition of the next two properties)', () => {
    expect(FOREIGN).toHaveLength(12);
  });

  it('a stretch of what was heard with at most ⌊n/3⌋ words replaced by foreign ones is found where it was heard', () => {
    const index = indexOf(KAL16);
    fc.assert(fc.property(fc.nat(3), fc.nat(9), fc.integer({ min: 3, max: 9 }), fc.array(fc.tuple(fc.nat(8), fc.constantFrom(...FOREIGN)), { maxLength: 3 }), (s, from, n, swaps) => {
      const words = KAL16[s]!.split(' ');
      const start = Math.min(from, words.length - 3);
      const phrase = words.slice(start, start + n);
      const wrong = new Map(swaps.filter(([k]) => k < phrase.length).slice(0, Math.floor(phrase.length / 3)));
      for (const [k, w] of wrong) phrase[k] = w;
      fc.pre(neverJoins(phrase));
      const hits = spokenHits(index, phrase.join(' '));
      expect(hits.some((h) => h.clip === `clip-00${s}` && h.start <= s * 6 + (start + phrase.length - 1) * 0.3 && h.end >= s * 6 + start * 0.3), phrase.join(' ')).toBe(true);
    }));
  });

  it('a phrase with more foreign words than ⌊n/3⌋ is never found, whatever heard words surround them', () => {
    const index = indexOf(KAL16);
    const word = fc.oneof(fc.constantFrom(...heard), fc.constantFrom(...FOREIGN));
    fc.assert(fc.property(fc.array(word, { minLength: 1, maxLength: 9 }), (phrase) => {
      fc.pre(phrase.filter((w) => FOREIGN.includes(w)).length > Math.floor(phrase.length / 3) && neverJoins(phrase));
      expect(spokenHits(index, phrase.join(' ')), phrase.join(' ')).toEqual([]);
    }));
  });
});
