import { join } from 'node:path';
import { StageError, expectNumber, expectRecord, expectS3Uri, parseIntegerVar, type Env, type StageContext } from '../runtime/index.ts';
import { AudioInputError, RecogniserTimeoutError } from './errors.ts';
import transcribe from './transcribe.ts';

export interface DeepspeechState {
  /** `RECOGNISER_TIMEOUT_MS`, default 60000: the recogniser is killed past it. */
  timeoutMs: number;
}

/** Reads config only; each call starts its own recogniser process (and model load). */
export function init(env: Env): DeepspeechState {
  return { timeoutMs: parseIntegerVar(env, 'RECOGNISER_TIMEOUT_MS', 60_000, 1) };
}

/** `{requestId, clipIndex, audio: 's3://…wav'}` → the transcript, also written as `clip-<i>/transcript.json`. */
export async function handler(input: unknown, ctx: StageContext<DeepspeechState>): Promise<object> {
  const body = expectRecord(input);
  const clipIndex = expectNumber(body, 'clipIndex', { integer: true, min: 0 });
  const audio = expectS3Uri(body, 'audio');
  const wav = join(ctx.tempDir, 'clip.wav');
  await ctx.phase('download', () => ctx.download(audio, wav));
  const transcript = await ctx.phase('compute', async () => {
    try {
      return await transcribe(wav, { timeoutMs: ctx.state.timeoutMs });
    } catch (err) {
      if (err instanceof AudioInputError) throw new StageError('corrupt-media', `${audio}: ${err.reason}`, { cause: err });
      if (err instanceof RecogniserTimeoutError) throw new StageError('timeout', err.message, { cause: err });
      throw err;
    }
  });
  const uri = await ctx.phase('upload', () => ctx.putJson(`clip-${clipIndex}/transcript.json`, { requestId: ctx.requestId, clipIndex, source: audio, ...transcript }));
  return { transcript: uri, clipIndex, engine: transcript.engine, text: transcript.text, standIn: transcript.standIn };
}

export const deepspeechStage = { name: 'deepspeech', init, handler };
