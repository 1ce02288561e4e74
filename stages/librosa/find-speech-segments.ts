import { performance } from 'node:perf_hooks';
import energySplit, { SPLIT_DEFAULTS } from './energy-split.ts';
import { SpeechOptionsError } from './errors.ts';
import { intervalsToSegments, roundMs, type Segment } from './segments.ts';
import { SILERO_MODEL, SILERO_SAMPLE_RATE, SPEECH_TIMESTAMP_DEFAULTS, type SpeechTimestampOptions, sileroSession, speechProbabilities, speechTimestamps } from './silero-vad.ts';
import { readWav } from './wav.ts';

export type SpeechMethod = 'energy' | 'vad';
export const SPEECH_METHODS: readonly SpeechMethod[] = ['energy', 'vad'];

export interface FindSpeechOptions {
  /** 'energy' (librosa.effects.split) or 'vad' (Silero). Default 'energy', the original's method. */
  method?: SpeechMethod;
  /** Sample rate of a Float32Array input; wav inputs carry their own. Default 16000. */
  sampleRate?: number;
  /** energy: dB below the loudest frame that counts as silence. Default 60 (librosa). */
  topDb?: number;
  /** Both methods: bridge gaps shorter than this. Default 0.5 s. */
  minSilenceS?: number;
  /** Both methods: drop segments shorter than this after bridging. Default 0.3 s. */
  minSegmentS?: number;
  /** vad: silero get_speech_timestamps parameters. Defaults 0.5 / 0.35 / 250 ms / 100 ms / 30 ms. */
  vad?: Partial<SpeechTimestampOptions>;
}

export const FIND_SPEECH_DEFAULTS = { method: 'energy', sampleRate: 16_000, topDb: SPLIT_DEFAULTS.topDb, minSilenceS: 0.5, minSegmentS: 0.3 } as const;

export interface SpeechSegments {
  method: SpeechMethod;
  /** What made the decision: the librosa port, or the Silero model file. */
  detector: string;
  sampleRate: number;
  durationS: number;
  segments: Segment[];
  /** Detector output before bridging and dropping, for inspection. */
  rawSegments: Segment[];
  /** Milliseconds spent loading a model on this call (the first-call penalty), else null. */
  modelLoadMs: number | null;
  params: Record<string, number | string>;
}

function check(name: string, value: number, ok: boolean, expected: string): void {
  if (!Number.isFinite(value) || !ok) throw new SpeechOptionsError(name, value, expected);
}

/**
 * Find where people speak in 16 kHz mono audio: the librosa stage's core. Accepts a wav
 * path or samples; returns segments in seconds.
 */
export default async function findSpeechSegments(input: string | Float32Array, opts: FindSpeechOptions = {}): Promise<SpeechSegments> {
  const method = opts.method ?? FIND_SPEECH_DEFAULTS.method;
  if (!SPEECH_METHODS.includes(method)) throw new SpeechOptionsError('method', method, `one of ${SPEECH_METHODS.join(', ')}`);
  const topDb = opts.topDb ?? FIND_SPEECH_DEFAULTS.topDb;
  const minSilenceS = opts.minSilenceS ?? FIND_SPEECH_DEFAULTS.minSilenceS;
  const minSegmentS = opts.minSegmentS ?? FIND_SPEECH_DEFAULTS.minSegmentS;
  check('topDb', topDb, topDb > 0, 'a positive number of dB');
  check('minSilenceS', minSilenceS, minSilenceS >= 0, 'a non-negative number of seconds');
  check('minSegmentS', minSegmentS, minSegmentS >= 0, 'a non-negative number of seconds');
  const vadOpts = { ...SPEECH_TIMESTAMP_DEFAULTS, ...opts.vad };
  check('vad.threshold', vadOpts.threshold, vadOpts.threshold > 0 && vadOpts.threshold < 1, 'in (0, 1)');
  check('vad.negThreshold', vadOpts.negThreshold, vadOpts.negThreshold >= 0 && vadOpts.negThreshold <= vadOpts.threshold, 'in [0, vad.threshold]');
  for (const k of ['minSpeechMs', 'minSilenceMs', 'speechPadMs'] as const) check(`vad.${k}`, vadOpts[k], vadOpts[k] >= 0, 'a non-negative number of milliseconds');

  const audio = typeof input === 'string' ? await readWav(input) : { samples: input, sampleRate: opts.sampleRate ?? FIND_SPEECH_DEFAULTS.sampleRate };
  const { samples, sampleRate } = audio;
  check('sampleRate', sampleRate, Number.isInteger(sampleRate) && sampleRate > 0, 'a positive integer');
  if (method === 'vad' && sampleRate !== SILERO_SAMPLE_RATE) {
    throw new SpeechOptionsError('sampleRate', sampleRate, `${SILERO_SAMPLE_RATE} for method vad (resample first, as ffmpeg-0 does)`);
  }

  let intervals: Array<[number, number]>;
  let modelLoadMs: number | null = null;
  let detector: string;
  let params: Record<string, number | string>;
  if (method === 'energy') {
    intervals = energySplit(samples, { topDb });
    detector = 'librosa.effects.split port (rms frame 2048, hop 512, ref=max)';
    params = { topDb, frameLength: SPLIT_DEFAULTS.frameLength, hopLength: SPLIT_DEFAULTS.hopLength, minSilenceS, minSegmentS };
  } else {
    const t0 = performance.now();
    const loaded = await sileroSession();
    modelLoadMs = loaded.loadMs === null ? null : performance.now() - t0;
    intervals = speechTimestamps(await speechProbabilities(loaded.session, samples), samples.length, vadOpts);
    detector = SILERO_MODEL;
    params = { ...vadOpts, minSilenceS, minSegmentS };
  }
  const { rawSegments, segments } = intervalsToSegments(intervals, sampleRate, { minSilenceS, minSegmentS });
  return {
    method,
    detector,
    sampleRate,
    durationS: roundMs(samples.length / sampleRate),
    segments,
    rawSegments,
    modelLoadMs,
    params,
  };
}
