import { describe, expect, it } from 'vitest';
import type { IndexedFrame, VideoIndex } from '../../stages/orchestrator/video-index.ts';
import { EmptyPhraseError, sameWord, searchIndex } from './find.ts';

// What pocketsphinx heard in the 30 s fixture's last sentence when espeak-ng spoke it (fixtures
// version 3: "Thank you for watching this test video", placed at 19.494 s).
const HEARD = [['thank', 19.51], ['you', 19.9], ['for', 20.05], ['watching', 20.25], ['the', 20.78], ['deadly', 20.98], ['duo', 21.59]] as const;

function frame(clip: string, index: number, time: number, texts: string[]): IndexedFrame {
  return {
    clip, name: `frame-${String(index).padStart(5, '0')}`, index, time, clipTime: time, uri: `s3://fave/requests/r/ffmpeg-3/${clip}/f${index}.jpg`,
    boxes: texts.map((text, i) => ({ x: 0, y: i * 50, w: 100, h: 40, score: 0.9, text, confidence: 0.97 })),
  };
}

const INDEX: VideoIndex = {
  format: 'fave.video-index/v1', requestId: 'r', video: 's3://fave/inputs/speech.mp4', status: 'done', createdAt: '2026-01-01T00:00:00.000Z',
  facts: { durationSeconds: 30, hasAudio: true }, error: null, standIns: {},
  clips: [
    { name: 'clip-000', index: 0, start: 7.4, end: 11, videoStart: 7.5, speech: true, transcript: null },
    { name: 'clip-001', index: 1, start: 19.45, end: 22.3, videoStart: 19.5, speech: true, transcript: null },
  ],
  words: [
    { word: "i'm", start: 7.6, end: 7.9, confidence: null, clip: 'clip-000' },
    ...HEARD.map(([word, start]) => ({ word, start, end: start + 0.2, confidence: null, clip: 'clip-001' })),
  ],
  frames: [
    frame('clip-000', 0, 7.5, ['FAVETESTVIDEO', 'SERVERLESS']),
    frame('clip-000', 1, 8.5, ['FAVETESTVIDEO', 'SERVERLES5']),
    frame('clip-000', 2, 9.5, ['FAVETESTVIDEO']),
    frame('clip-001', 0, 19.5, ['FAVETESTVIDEO', 'THANK YOU']),
  ],
};

describe('searchIndex', () => {
  it('searchIndex finds a spoken phrase in any case and punctuation, timed by its words in the video', () => {
    expect(searchIndex(INDEX, 'Thank you, for WATCHING!')).toEqual([
      { kind: 'spoken', requestId: 'r', video: INDEX.video, clip: 'clip-001', start: 19.51, end: 20.45, words: 'thank you for watching', confidence: null, edits: 0 },
    ]);
    // Said and shown: both, in time order.
    expect(searchIndex(INDEX, 'thank you').map((h) => h.kind)).toEqual(['on-screen', 'spoken']);
  });

  it('searchIndex tolerates ⌊n/3⌋ misheard words: 2 of the sentence\'s 7, not 3', () => {
    // Heard: "thank you for watching the deadly duo": "this test video" is 3 words wrong.
    expect(searchIndex(INDEX, 'thank you for watching this test duo').filter((h) => h.kind === 'spoken')).toEqual([
      expect.objectContaining({ start: 19.51, edits: 2 }),
    ]);
    expect(searchIndex(INDEX, 'thank you for watching this test video').filter((h) => h.kind === 'spoken')).toEqual([]);
  });

  it('searchIndex matches a word spelled within ⌊length/4⌋ letters, and normalises what was heard as the phrase', () => {
    expect(sameWord('watching', 'watchin')).toBe(true);
    expect(sameWord('the', 'this')).toBe(false);
    expect(searchIndex(INDEX, 'thank yuo for watchin').filter((h) => h.kind === 'spoken')).toHaveLength(1);
    expect(searchIndex(INDEX, "I'M").filter((h) => h.kind === 'spoken')).toEqual([expect.objectContaining({ clip: 'clip-000', start: 7.6 })]);
  });

  it('searchIndex finds on-screen text inside a box whose spaces the recogniser dropped, one hit per run of frames', () => {
    const screen = searchIndex(INDEX, 'test video').filter((h) => h.kind === 'on-screen');
    // One run per clip: clip-000's three frames, clip-001's one.
    expect(screen).toEqual([
      expect.objectContaining({
        clip: 'clip-000', frame: 'frame-00000', uri: 's3://fave/requests/r/ffmpeg-3/clip-000/f0.jpg', box: { x: 0, y: 0, w: 100, h: 40 }, time: 7.5, until: 9.5, text: 'FAVETESTVIDEO', edits: 0,
      }),
      expect.objectContaining({ clip: 'clip-001', frame: 'frame-00000', time: 19.5, until: 19.5 }),
    ]);
  });

  it('searchIndex allows ⌊length/5⌋ wrong characters on screen and reports them', () => {
    const hits = searchIndex(INDEX, 'serverless').filter((h) => h.kind === 'on-screen');
    expect(hits).toEqual([
      expect.objectContaining({ frame: 'frame-00000', time: 7.5, until: 7.5, text: 'SERVERLESS', edits: 0 }),
      expect.objectContaining({ frame: 'frame-00001', time: 8.5, text: 'SERVERLES5', edits: 1 }),
    ]);
    expect(searchIndex(INDEX, 'serverlass functions')).toEqual([]);
  });

  it('searchIndex gives a spoken hit its words\' lowest confidence, or null when any word has none', () => {
    const scored = { ...INDEX, words: INDEX.words.map((w, i) => ({ ...w, confidence: 0.9 - i / 100 })) };
    expect(searchIndex(scored, 'thank you').find((h) => h.kind === 'spoken')).toMatchObject({ confidence: 0.88 });
    const partly = { ...INDEX, words: INDEX.words.map((w) => ({ ...w, confidence: w.word === 'you' ? null : 0.9 })) };
    expect(searchIndex(partly, 'thank you').find((h) => h.kind === 'spoken')).toMatchObject({ confidence: null });
    expect(searchIndex(partly, 'watching').find((h) => h.kind === 'spoken')).toMatchObject({ confidence: 0.9 });
  });

  it('searchIndex refuses a phrase with nothing to search for', () => {
    expect(() => searchIndex(INDEX, ' ?! ')).toThrow(EmptyPhraseError);
    expect(() => searchIndex(INDEX, '')).toThrow(/has no letters or digits/);
  });
});
