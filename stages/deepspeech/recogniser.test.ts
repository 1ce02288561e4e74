import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import makeSpeechWav, { type SpeechWav } from '../ml-testdata/speech.ts';
import { RecogniserCrashError, RecogniserTimeoutError } from './errors.ts';
import { Recogniser, type Span } from './recogniser.ts';

let dir: string;
let a: SpeechWav;
let b: SpeechWav;
const spans = (w: SpeechWav): Span[] => w.layout.map((s) => ({ start: Math.max(0, s.start - 0.15), end: s.end + 0.15 }));
const recognisers = (): string[] => readdirSync(tmpdir()).filter((n) => n.startsWith('fave-recogniser-'));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fave-recogniser-test-'));
  await Promise.all(['a', 'b'].map((n) => mkdir(join(dir, n))));
  a = await makeSpeechWav({ dir: join(dir, 'a'), sentences: ['I want to go home now.'], silenceS: 0.5 });
  b = await makeSpeechWav({ dir: join(dir, 'b'), sentences: ['Please call the office tomorrow morning.', 'The weather is nice today.'], silenceS: 0.8 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Recogniser', () => {
  it('Recogniser answers concurrent calls each with its own words, as separate decoders would', async () => {
    const shared = new Recogniser();
    const [alone1, alone2] = [new Recogniser(), new Recogniser()];
    try {
      const [wa, wb] = await Promise.all([shared.transcribe(a.path, spans(a), 30_000), shared.transcribe(b.path, spans(b), 30_000)]);
      expect(wa).toEqual(await alone1.transcribe(a.path, spans(a), 30_000));
      expect(wb).toEqual(await alone2.transcribe(b.path, spans(b), 30_000));
      expect(wb.length).toBeGreaterThan(wa.length);
      // Words of the second sentence are timed from the file's start, not the span's.
      expect(wb.at(-1)!.start).toBeGreaterThan(b.layout[1]!.start - 0.3);
    } finally {
      await Promise.all([shared.close(), alone1.close(), alone2.close()]);
    }
  });

  it('Recogniser kills a decoder past the timeout and gives the calls queued behind it to a fresh one', async () => {
    const r = new Recogniser();
    try {
      await r.warmUp();
      const slow = r.transcribe(b.path, spans(b), 1); // 1 ms: always past
      const queued = r.transcribe(a.path, spans(a), 60_000);
      await expect(slow).rejects.toBeInstanceOf(RecogniserTimeoutError);
      expect((await queued).length).toBeGreaterThan(0);
    } finally {
      await r.close();
    }
  });

  it('Recogniser decodes nothing for no spans, and close() leaves no decoder or FIFO behind', async () => {
    const before = recognisers().length;
    const r = new Recogniser();
    expect(await r.transcribe(a.path, [], 1_000)).toEqual([]);
    await r.warmUp();
    expect(recognisers().length).toBe(before + 1);
    await r.close();
    expect(recognisers().length).toBe(before);
    await r.close(); // twice is harmless
  });

  it('Recogniser passes decoderArgs to pocketsphinx_batch: an option it does not know stops it, with its own message', async () => {
    const r = new Recogniser({ decoderArgs: ['-no_such_option', 'yes'] });
    try {
      await expect(r.transcribe(a.path, spans(a), 30_000)).rejects.toSatisfy((e) => e instanceof RecogniserCrashError && /no_such_option/.test(e.message));
    } finally {
      await r.close();
    }
  });
});
