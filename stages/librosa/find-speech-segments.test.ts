import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import makeSpeechWav, { type SpeechWav } from '../ml-testdata/speech.ts';
import { SpeechOptionsError, WavFormatError } from './errors.ts';
import findSpeechSegments, { FIND_SPEECH_DEFAULTS, type SpeechSegments } from './find-speech-segments.ts';
import { readWav } from './wav.ts';

const TOLERANCE_S = 0.2;
let dir: string;
let speech: SpeechWav;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fave-librosa-'));
  speech = await makeSpeechWav({ dir, sentences: ['The weather is nice today.', 'I want to go home now.', 'Please call the office tomorrow morning.'], silenceS: 1.2 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function expectLayout(result: SpeechSegments): void {
  expect(result.segments).toHaveLength(speech.layout.length);
  result.segments.forEach((seg, i) => {
    expect(Math.abs(seg.start - speech.layout[i]!.start)).toBeLessThan(TOLERANCE_S);
    expect(Math.abs(seg.end - speech.layout[i]!.end)).toBeLessThan(TOLERANCE_S);
  });
}

describe('findSpeechSegments', () => {
  it('findSpeechSegments defaults to the energy method, librosa top_db 60, bridging 0.5 s and dropping < 0.3 s', () => {
    expect(FIND_SPEECH_DEFAULTS).toEqual({ method: 'energy', sampleRate: 16000, topDb: 60, minSilenceS: 0.5, minSegmentS: 0.3 });
  });

  it('findSpeechSegments (energy) finds each espeak sentence between the known silences', async () => {
    const result = await findSpeechSegments(speech.path);
    expect(result.method).toBe('energy');
    expect(result.modelLoadMs).toBeNull();
    expectLayout(result);
  });

  it('findSpeechSegments (vad) loads Silero on its first call only and finds the same sentences', async () => {
    const first = await findSpeechSegments(speech.path, { method: 'vad' });
    expect(first.detector).toMatch(/silero/i);
    expect(first.modelLoadMs).not.toBeNull();
    expectLayout(first);
    const energy = await findSpeechSegments(speech.path, { method: 'energy' });
    first.segments.forEach((seg, i) => {
      expect(Math.abs(seg.start - energy.segments[i]!.start)).toBeLessThan(TOLERANCE_S);
      expect(Math.abs(seg.end - energy.segments[i]!.end)).toBeLessThan(TOLERANCE_S);
    });
    const second = await findSpeechSegments(speech.path, { method: 'vad' });
    expect(second.modelLoadMs).toBeNull();
    expect(second.segments).toEqual(first.segments);
  });

  it('findSpeechSegments accepts samples and finds nothing in the noise floor alone with vad', async () => {
    const { samples } = await readWav(speech.path);
    const silence = samples.slice(0, Math.floor(speech.layout[0]!.start * 16000) - 1600);
    expect((await findSpeechSegments(silence, { method: 'vad' })).segments).toEqual([]);
    const fromSamples = await findSpeechSegments(samples, { method: 'energy' });
    expect(fromSamples.segments).toEqual((await findSpeechSegments(speech.path)).segments);
  });

  it('findSpeechSegments bridges sentences when minSilenceS is longer than the pauses', async () => {
    const result = await findSpeechSegments(speech.path, { minSilenceS: 2 });
    expect(result.segments).toHaveLength(1);
    expect(result.rawSegments.length).toBeGreaterThanOrEqual(3);
  });

  it.each([
    [{ method: 'whisper' as never }, /method must be one of energy, vad/],
    [{ topDb: -3 }, /topDb must be a positive number/],
    [{ minSilenceS: Number.NaN }, /minSilenceS/],
    [{ vad: { threshold: 0.3, negThreshold: 0.4 } }, /vad.negThreshold must be in \[0, vad.threshold\]/],
    [{ method: 'vad' as const, sampleRate: 8000 }, /sampleRate must be 16000 for method vad/],
  ])('findSpeechSegments rejects %j with a SpeechOptionsError', async (opts, message) => {
    const call = findSpeechSegments(new Float32Array(16000), opts);
    await expect(call).rejects.toBeInstanceOf(SpeechOptionsError);
    await expect(findSpeechSegments(new Float32Array(16000), opts)).rejects.toThrow(message);
  });

  it('findSpeechSegments rejects a file that is not a wav with a WavFormatError', async () => {
    const bogus = join(dir, 'not.wav');
    await writeFile(bogus, 'ID3 definitely an mp3');
    await expect(findSpeechSegments(bogus)).rejects.toBeInstanceOf(WavFormatError);
  });
});
