import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ffmpeg from '@ffmpeg-installer/ffmpeg';
import encodePcm16Wav from './wav-writer.ts';
import runTool from './run-tool.ts';

export const SAMPLE_RATE = 16_000;

export interface SpeechWavOptions {
  /** Directory to write into (a temp dir made by the test). */
  dir: string;
  /** One espeak-ng utterance per sentence; each becomes one spoken segment. */
  sentences: string[];
  /** Silence before the first sentence, between sentences, and after the last (seconds). */
  silenceS?: number;
  /** espeak-ng voice and words per minute; en-us at 120 wpm is what pocketsphinx follows best. */
  voice?: string;
  wordsPerMinute?: number;
}

export interface SpokenSegment {
  text: string;
  /** Seconds; first and last sample louder than the trim threshold, so the layout is exact. */
  start: number;
  end: number;
}

export interface SpeechWav {
  path: string;
  sampleRate: number;
  durationS: number;
  layout: SpokenSegment[];
}

// |x| at or below this (about -60 dBFS) counts as espeak's own leading/trailing silence.
const TRIM_LEVEL = 32;

/** Synthesize one sentence as 16 kHz mono PCM16, trimmed of espeak's own edge silence. */
async function speak(dir: string, text: string, voice: string, wpm: number): Promise<Int16Array> {
  const raw = join(dir, 'espeak-raw.wav');
  await runTool('espeak-ng', ['-v', voice, '-s', String(wpm), '-w', raw, text]);
  const pcm = await runTool(ffmpeg.path, [
    '-hide_banner', '-loglevel', 'error', '-i', raw,
    '-ac', '1', '-ar', String(SAMPLE_RATE), '-f', 's16le', '-acodec', 'pcm_s16le', 'pipe:1',
  ]);
  const all = new Int16Array(pcm.buffer.slice(pcm.byteOffset, pcm.byteOffset + pcm.length - (pcm.length % 2)));
  let first = 0;
  while (first < all.length && Math.abs(all[first]!) <= TRIM_LEVEL) first++;
  let last = all.length - 1;
  while (last > first && Math.abs(all[last]!) <= TRIM_LEVEL) last--;
  if (first >= all.length) throw new Error(`espeak-ng produced only silence for "${text}"`);
  return all.slice(first, last + 1);
}

/**
 * Write a wav of espeak-ng sentences separated by known silences and return where each
 * sentence is. The silences carry faint seeded noise (about -80 dBFS) rather than digital
 * zeros, so detectors see a realistic floor while the layout stays known.
 */
export default async function makeSpeechWav(opts: SpeechWavOptions): Promise<SpeechWav> {
  const { dir, sentences, silenceS = 1.2, voice = 'en-us', wordsPerMinute = 120 } = opts;
  if (sentences.length === 0) throw new RangeError('makeSpeechWav: sentences must not be empty');
  const gap = Math.round(silenceS * SAMPLE_RATE);
  const clips: Int16Array[] = [];
  for (const s of sentences) clips.push(await speak(dir, s, voice, wordsPerMinute));
  const total = gap * (clips.length + 1) + clips.reduce((n, c) => n + c.length, 0);
  const out = new Int16Array(total);
  let seed = 12345;
  for (let i = 0; i < total; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff; // LCG: deterministic noise floor
    out[i] = (seed % 3) - 1;
  }
  const layout: SpokenSegment[] = [];
  let at = gap;
  clips.forEach((clip, i) => {
    out.set(clip, at);
    layout.push({ text: sentences[i]!, start: at / SAMPLE_RATE, end: (at + clip.length) / SAMPLE_RATE });
    at += clip.length + gap;
  });
  const path = join(dir, 'speech.wav');
  await writeFile(path, encodePcm16Wav(out, SAMPLE_RATE));
  return { path, sampleRate: SAMPLE_RATE, durationS: total / SAMPLE_RATE, layout };
}
