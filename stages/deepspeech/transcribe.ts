import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
// The wav reader lives with the librosa stage; both speech stages read the same 16 kHz PCM16 files.
import { WavFormatError } from '../librosa/errors.ts';
import energySplit, { SPLIT_DEFAULTS } from '../librosa/energy-split.ts';
import { intervalsToSegments, roundMs } from '../librosa/segments.ts';
import { parseWav, type PcmAudio } from '../librosa/wav.ts';
import type { StandIn } from '../runtime/stand-in.ts';
import { AudioInputError } from './errors.ts';
import type { Word } from './hypseg.ts';
import { Recogniser, type RecogniserOptions, type Span } from './recogniser.ts';

export const STAND_IN =
  'Mozilla DeepSpeech is not installable here; CMU PocketSphinx (Debian pocketsphinx + pocketsphinx-en-us, an offline HMM recogniser) stands in for it. Accuracy on synthetic speech is modest.';

export interface TranscribeOptions extends RecogniserOptions {
  /** Kill the recogniser after this long. Default 60 s (the gateway's upstream timeout). */
  timeoutMs?: number;
  /** A running recogniser (the stage keeps one); without it, one is started for this call and closed. */
  recogniser?: Recogniser;
}

export interface Transcript {
  engine: `pocketsphinx ${string} en-us`;
  text: string;
  words: Word[];
  standIn: StandIn;
}

let versionPromise: Promise<string> | null = null;

/** The installed pocketsphinx version, from dpkg (the CLI of 5prealpha has no --version). */
export function pocketsphinxVersion(): Promise<string> {
  versionPromise ??= new Promise((resolve) => {
    execFile('dpkg-query', ['-W', '-f', '${Version}', 'pocketsphinx'], (err, stdout) => {
      // Debian revision ("-15") is packaging, not the engine: drop it.
      resolve(err || !stdout.trim() ? 'unknown' : stdout.trim().replace(/-[^-]+$/, ''));
    });
  });
  return versionPromise;
}

/** Check the file is 16 kHz mono PCM16 wav: pocketsphinx would silently decode anything else as noise. */
async function readInput(path: string): Promise<PcmAudio> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    throw new AudioInputError(path, `cannot read file (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let audio;
  try {
    audio = parseWav(bytes, path);
  } catch (err) {
    if (err instanceof WavFormatError) throw new AudioInputError(path, err.reason);
    throw err;
  }
  if (audio.sampleRate !== 16000) throw new AudioInputError(path, `sample rate ${audio.sampleRate} Hz, expected 16000 (ffmpeg-2 writes 16 kHz)`);
  if (audio.channels !== 1) throw new AudioInputError(path, `${audio.channels} channels, expected mono`);
  return audio;
}

/** Margin around each spoken span, so word onsets and tails are not clipped. */
const PAD_S = 0.15;

/**
 * Where the clip has speech: the librosa stage's energy split (top_db 60), pauses under
 * 0.3 s bridged. pocketsphinx_continuous gates on its own VAD; batch decoding does not, and
 * turns silence into words. (findSpeechSegments' `energy` method, without its VAD branch,
 * whose onnxruntime-node this stage's image does not install.)
 */
function spokenSpans(audio: PcmAudio): Span[] {
  const intervals = energySplit(audio.samples, { topDb: SPLIT_DEFAULTS.topDb });
  const { segments } = intervalsToSegments(intervals, audio.sampleRate, { minSilenceS: 0.3, minSegmentS: 0.1 });
  const durationS = roundMs(audio.samples.length / audio.sampleRate);
  return segments.map((s) => ({ start: Math.max(0, s.start - PAD_S), end: Math.min(durationS, s.end + PAD_S) }));
}

/**
 * Transcribe a 16 kHz mono PCM16 wav: the deepspeech stage's core. With a running
 * `recogniser` the call only decodes; without one it also pays the model load.
 */
export default async function transcribe(wavPath: string, opts: TranscribeOptions = {}): Promise<Transcript> {
  const { timeoutMs = 60_000 } = opts;
  if (!(timeoutMs > 0)) throw new RangeError(`transcribe: timeoutMs must be positive, got ${timeoutMs}`);
  const spans = spokenSpans(await readInput(wavPath));
  const recogniser = opts.recogniser ?? new Recogniser(opts);
  try {
    const [words, version] = await Promise.all([recogniser.transcribe(wavPath, spans, timeoutMs), pocketsphinxVersion()]);
    return { engine: `pocketsphinx ${version} en-us`, text: words.map((w) => w.word).join(' '), words, standIn: STAND_IN };
  } finally {
    if (!opts.recogniser) await recogniser.close();
  }
}
