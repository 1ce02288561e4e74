import { join } from 'node:path';
import { clipTag } from '../runtime/names.ts';
import { StageError, expectNumber, expectRecord, expectS3Uri, parseIntegerVar, type Env, type StageContext } from '../runtime/index.ts';
import { AudioInputError, RecogniserTimeoutError } from './errors.ts';
import { Recogniser } from './recogniser.ts';
import transcribe from './transcribe.ts';

export interface DeepspeechState {
  /** `RECOGNISER_TIMEOUT_MS`, default 60000: the recogniser is killed past it. */
  timeoutMs: number;
  /** One decoder per process, model loaded at init; calls queue on it. */
  recogniser: Recogniser;
}

/**
 * Starts the recogniser and loads its model (a decode of silence): this stage's cold start.
 * If that fails the stage still comes up, and each call retries and reports the cause.
 */
export async function init(env: Env): Promise<DeepspeechState> {
  const timeoutMs = parseIntegerVar(env, 'RECOGNISER_TIMEOUT_MS', 60_000, 1);
  const recogniser = new Recogniser();
  await recogniser.warmUp().catch((err: unknown) => {
    process.stderr.write(`[deepspeech] recogniser did not load at init (calls will retry): ${err instanceof Error ? err.message : String(err)}\n`);
  });
  return { timeoutMs, recogniser };
}

/** `{requestId, clipIndex, audio: 's3://…wav'}` → the transcript, also written as `clip-003/transcript.json`. */
export async function handler(input: unknown, ctx: StageContext<DeepspeechState>): Promise<object> {
  const body = expectRecord(input);
  const clipIndex = expectNumber(body, 'clipIndex', { integer: true, min: 0 });
  const audio = expectS3Uri(body, 'audio');
  const wav = join(ctx.tempDir, 'clip.wav');
  await ctx.phase('download', () => ctx.download(audio, wav));
  const transcript = await ctx.phase('compute', async () => {
    try {
      return await transcribe(wav, { timeoutMs: ctx.state.timeoutMs, recogniser: ctx.state.recogniser });
    } catch (err) {
      if (err instanceof AudioInputError) throw new StageError('corrupt-media', `${audio}: ${err.reason}`, { cause: err });
      if (err instanceof RecogniserTimeoutError) throw new StageError('timeout', err.message, { cause: err });
      throw err;
    }
  });
  const uri = await ctx.phase('upload', () => ctx.putJson(`${clipTag(clipIndex)}/transcript.json`, { requestId: ctx.requestId, clipIndex, source: audio, ...transcript }));
  return { transcript: uri, clipIndex, engine: transcript.engine, text: transcript.text, standIn: transcript.standIn };
}

/** After the last call: the decoder exits and its FIFO directory goes. */
export async function dispose(state: DeepspeechState): Promise<void> {
  await state.recogniser.close();
}

export const deepspeechStage = { name: 'deepspeech', init, handler, dispose };
