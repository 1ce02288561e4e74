import type { FanoutMode, VadMethod } from './config.ts';
import { arrayField, indexedUris, stringField, uriField } from './answers.ts';
import { PipelineStageError } from './errors.ts';
import type { StageCallResult, StageInvoker } from './gateway-client.ts';
import { clipTag, frameTag } from '../runtime/names.ts';
import { okEntry, type CallEntry } from './request-state.ts';

// VideoSearcher, driven call by call: ffmpeg-0 → librosa → ffmpeg-1 → per clip: ffmpeg-2
// → deepspeech → ffmpeg-3 → per frame: object-detector. `sequential` runs clips and frames
// one after another (the original); `parallel` starts them all and lets the invoker's
// limiter bound the calls in flight.

export interface PipelineRequest {
  requestId: string;
  video: string;
  fanout: FanoutMode;
  fps: number | undefined;
  vadMethod: VadMethod | undefined;
}

export interface PipelineDeps {
  invoke: StageInvoker;
  /** Records one call in state.json; awaited, so the document is current after every call. */
  record: (callKey: string, entry: CallEntry, result: StageCallResult | null) => Promise<void>;
  now?: () => Date;
}

/** What happened so far; filled as calls finish, so a failed run still has it. */
export interface PipelineLog {
  calls: StageCallResult[];
  /** Every call started, also the failed one, in start order. */
  callKeys: string[];
}

export interface FrameResult {
  index: number;
  time: number | null;
  frame: string;
  boxes: number;
  boxesUri: string;
}

export interface ClipResult {
  index: number;
  start: number | null;
  end: number | null;
  clip: string;
  transcript: { engine: string; text: string; standIn: boolean; uri: string };
  frames: FrameResult[];
}

export interface PipelineResult {
  segments: unknown[];
  clips: ClipResult[];
}

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/**
 * Waits for every task (so no call is still writing state after the run answers), then
 * throws the first failure. `halt` stops tasks that have not started a call yet.
 */
async function settleAll<T>(tasks: Array<() => Promise<T>>, mode: FanoutMode, halt: { error: unknown }): Promise<T[]> {
  if (mode === 'sequential') {
    const out: T[] = [];
    for (const task of tasks) out.push(await task());
    return out;
  }
  const settled = await Promise.allSettled(tasks.map((task) => task()));
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw halt.error ?? failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

export async function runPipeline(request: PipelineRequest, deps: PipelineDeps, log: PipelineLog): Promise<PipelineResult> {
  const now = deps.now ?? (() => new Date());
  const { requestId } = request;
  const halt: { error: unknown } = { error: undefined };

  const call = async (stage: string, callKey: string, body: object): Promise<StageCallResult> => {
    // After a failure nothing new starts: the request is already lost.
    if (halt.error !== undefined) throw halt.error;
    log.callKeys.push(callKey);
    let result: StageCallResult;
    try {
      result = await deps.invoke(stage, callKey, { requestId, ...body });
    } catch (error) {
      halt.error ??= error;
      if (error instanceof PipelineStageError) {
        await deps.record(callKey, {
          stage, status: 'error', httpStatus: error.httpStatus, latencyMs: error.latencyMs, attempts: error.attempts, outputs: [],
          cause: error.stageCause, message: error.detail, at: now().toISOString(),
        }, null).catch(() => {
          // The stage failure is what the caller must see; state.json gets the final status anyway.
        });
      }
      throw error;
    }
    log.calls.push(result);
    try {
      await deps.record(callKey, okEntry(result, now()), result);
    } catch (error) {
      halt.error ??= error;
      throw error;
    }
    return result;
  };

  const f0 = await call('ffmpeg-0', 'ffmpeg-0', { video: request.video });
  const lib = await call('librosa', 'librosa', {
    audio: uriField(f0, 'audio'), ...(request.vadMethod ? { method: request.vadMethod } : {}),
  });
  const segments = arrayField(lib, 'segments');
  if (segments.length === 0) return { segments, clips: [] };
  // ffmpeg-0's video.mp4 has no audio track; clips are cut from the source so they keep theirs.
  const f1 = await call('ffmpeg-1', 'ffmpeg-1', { video: request.video, segments });

  const runClip = async (clip: { index: number; uri: string; item: Record<string, unknown> }): Promise<ClipResult> => {
    const tag = clipTag(clip.index);
    const f2 = await call('ffmpeg-2', `ffmpeg-2/${tag}`, { clip: clip.uri });
    const ds = await call('deepspeech', `deepspeech/${tag}`, { clipIndex: clip.index, audio: uriField(f2, 'audio') });
    // ffmpeg-3 names frame keys after the clip file: the cut clip (clip-003.mp4) keeps
    // clips apart, ffmpeg-2's compressed.mp4 would not.
    const f3 = await call('ffmpeg-3', `ffmpeg-3/${tag}`, { clip: clip.uri, ...(request.fps !== undefined ? { fps: request.fps } : {}) });
    const frames = await settleAll(indexedUris(f3, 'frames').map((frame) => async (): Promise<FrameResult> => {
      const od = await call('object-detector', `object-detector/${tag}/${frameTag(frame.index)}`, {
        clipIndex: clip.index, frameIndex: frame.index, frame: frame.uri,
      });
      return { index: frame.index, time: num(frame.item.time), frame: frame.uri, boxes: arrayField(od, 'boxes').length, boxesUri: uriField(od, 'boxesUri') };
    }), request.fanout, halt);
    return {
      index: clip.index, start: num(clip.item.start), end: num(clip.item.end), clip: clip.uri,
      transcript: { engine: stringField(ds, 'engine'), text: stringField(ds, 'text'), standIn: ds.body.standIn === true, uri: uriField(ds, 'transcript') },
      frames,
    };
  };

  const clips = await settleAll(indexedUris(f1, 'clips').map((clip) => () => runClip(clip)), request.fanout, halt);
  return { segments, clips };
}
