import { join } from 'node:path';
import { StageConfigError, StageError, expectRecord, expectS3Uri, type Env, type StageContext } from '../runtime/index.ts';
import { SpeechOptionsError, WavFormatError } from './errors.ts';
import findSpeechSegments, { SPEECH_METHODS, type SpeechMethod } from './find-speech-segments.ts';

export interface LibrosaState {
  /** Method when a request names none: `SPEECH_METHOD` (energy | vad), default energy. */
  defaultMethod: SpeechMethod;
}

function parseMethod(value: unknown): value is SpeechMethod {
  return typeof value === 'string' && (SPEECH_METHODS as readonly string[]).includes(value);
}

/** Reads config only: the Silero model loads lazily on the first vad call, which is the first-call penalty. */
export function init(env: Env): LibrosaState {
  const raw = env.SPEECH_METHOD;
  if (raw === undefined || raw.trim() === '') return { defaultMethod: 'energy' };
  if (!parseMethod(raw.trim())) throw new StageConfigError('SPEECH_METHOD', raw, SPEECH_METHODS.join(' or '));
  return { defaultMethod: raw.trim() as SpeechMethod };
}

/**
 * `{requestId, audio: 's3://…wav', method?}` → the speech segments, also written as
 * `timestamps.json` for ffmpeg-1 to cut clips from.
 */
export async function handler(input: unknown, ctx: StageContext<LibrosaState>): Promise<object> {
  const body = expectRecord(input);
  const audio = expectS3Uri(body, 'audio');
  if (body.method !== undefined && !parseMethod(body.method)) {
    throw new StageError('bad-input', `field "method" must be one of ${SPEECH_METHODS.join(', ')}, got ${JSON.stringify(body.method)}`);
  }
  const method = (body.method as SpeechMethod | undefined) ?? ctx.state.defaultMethod;
  const wav = join(ctx.tempDir, 'audio.wav');
  await ctx.phase('download', () => ctx.download(audio, wav));
  const result = await ctx.phase('compute', async () => {
    try {
      return await findSpeechSegments(wav, { method });
    } catch (err) {
      if (err instanceof WavFormatError) throw new StageError('corrupt-media', `${audio}: ${err.reason}`, { cause: err });
      if (err instanceof SpeechOptionsError) throw new StageError('bad-input', err.message, { cause: err });
      throw err;
    }
  });
  const timestamps = {
    requestId: ctx.requestId,
    source: audio,
    method: result.method,
    detector: result.detector,
    durationS: result.durationS,
    params: result.params,
    segments: result.segments,
  };
  const uri = await ctx.phase('upload', () => ctx.putJson('timestamps.json', timestamps));
  return { timestamps: uri, method: result.method, segments: result.segments, modelLoadMs: result.modelLoadMs };
}

export const librosaStage = { name: 'librosa', init, handler };
