import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import makeSpeechWav, { type SpeechWav } from '../ml-testdata/speech.ts';
import encodePcm16Wav from '../ml-testdata/wav-writer.ts';
import { AudioInputError, RecogniserCrashError, RecogniserMissingError, RecogniserTimeoutError } from './errors.ts';
import transcribe, { type Transcript } from './transcribe.ts';

const SENTENCES = ['The weather is nice today.', 'I want to go home now.', 'Please call the office tomorrow morning.'];
const CONTENT_WORDS = new Set(['weather', 'nice', 'today', 'want', 'go', 'home', 'now', 'please', 'call', 'office', 'tomorrow', 'morning']);

let dir: string;
let speech: SpeechWav;
let transcript: Transcript;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fave-deepspeech-'));
  speech = await makeSpeechWav({ dir, sentences: SENTENCES, silenceS: 1.2 });
  transcript = await transcribe(speech.path);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('transcribe', () => {
  it('transcribe names the engine and says it stands in for DeepSpeech', () => {
    expect(transcript.engine).toMatch(/^pocketsphinx \S+ en-us$/);
    expect(transcript.engine).not.toContain('unknown');
    expect(transcript.standIn).toMatch(/DeepSpeech/);
  });

  it('transcribe recognises some of the spoken content words (pocketsphinx on espeak is modest, not exact)', () => {
    const heard = new Set(transcript.words.map((w) => w.word));
    const hits = [...CONTENT_WORDS].filter((w) => heard.has(w));
    expect(hits.length).toBeGreaterThanOrEqual(2);
    expect(transcript.text).toBe(transcript.words.map((w) => w.word).join(' '));
  });

  it('transcribe times words inside the spoken sentences, in order', () => {
    expect(transcript.words.length).toBeGreaterThan(0);
    for (const w of transcript.words) {
      expect(w.end).toBeGreaterThan(w.start);
      const inSentence = speech.layout.some((s) => w.start >= s.start - 0.3 && w.end <= s.end + 0.3);
      expect(inSentence, `${w.word} at ${w.start}–${w.end}`).toBe(true);
    }
    const starts = transcript.words.map((w) => w.start);
    expect(starts).toEqual([...starts].sort((a, b) => a - b));
  });

  it('transcribe rejects a missing file and a non-wav with AudioInputError', async () => {
    await expect(transcribe(join(dir, 'nope.wav'))).rejects.toThrow(/nope\.wav: cannot read file \(ENOENT\)/);
    const text = join(dir, 'notes.wav');
    await writeFile(text, 'this is text, not audio');
    await expect(transcribe(text)).rejects.toBeInstanceOf(AudioInputError);
  });

  it('transcribe rejects 8 kHz or stereo audio instead of recognising noise', async () => {
    const narrow = join(dir, 'narrow.wav');
    await writeFile(narrow, encodePcm16Wav(new Int16Array(8000), 8000));
    await expect(transcribe(narrow)).rejects.toThrow(/sample rate 8000 Hz, expected 16000/);
    const stereo = encodePcm16Wav(new Int16Array(16000), 16000);
    stereo.writeUInt16LE(2, 22); // channel count in the fmt chunk
    await writeFile(join(dir, 'stereo.wav'), stereo);
    await expect(transcribe(join(dir, 'stereo.wav'))).rejects.toThrow(/2 channels, expected mono/);
  });

  it('transcribe reports a missing recogniser binary as RecogniserMissingError', async () => {
    await expect(transcribe(speech.path, { binary: 'pocketsphinx_not_installed' })).rejects.toBeInstanceOf(RecogniserMissingError);
    await expect(transcribe(speech.path, { modelDir: join(dir, 'no-model') })).rejects.toBeInstanceOf(RecogniserMissingError);
  });

  it('transcribe reports a recogniser that exits non-zero as RecogniserCrashError', async () => {
    await expect(transcribe(speech.path, { binary: 'false' })).rejects.toBeInstanceOf(RecogniserCrashError);
  });

  it('transcribe kills a recogniser that outlives the timeout and says so', async () => {
    // `sleep` ignores the recogniser arguments and never finishes in time; it must be killed.
    const err = await transcribe(speech.path, { binary: join(dir, 'slow.sh'), timeoutMs: 200 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RecogniserMissingError); // not yet written: proves the binary option is used
    await writeFile(join(dir, 'slow.sh'), '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
    const killed = await transcribe(speech.path, { binary: join(dir, 'slow.sh'), timeoutMs: 200 }).catch((e: unknown) => e);
    expect(killed).toBeInstanceOf(RecogniserTimeoutError);
    expect((killed as RecogniserTimeoutError).timeoutMs).toBe(200);
  });
});
