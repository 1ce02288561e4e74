import type { FanoutMode, VadMethod } from './config.ts';
import { arrayField, booleanField, boxesField, indexedUris, numberField, standInField, stringField, uriField, type FoundBox } from './answers.ts';
import { PipelineStageError } from './errors.ts';
import type { StageCallResult, StageInvoker } from './gateway-client.ts';
import { clipTag, frameTag } from '../runtime/names.ts';
import type { StandIn } from '../runtime/stand-in.ts';
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
  /** Seconds into the clip, the decoder's pts (ffmpeg-3). */
  time: number;
  /** Seconds into the source video: the clip's videoStart + time. */
  videoTime: number;
  frame: string;
  boxes: number;
  boxesUri: string;
}

/** A frame as the index needs it: the boxes with their text (the summary keeps only the count). */
export interface FrameFinding extends FrameResult {
  found: FoundBox[];
}

export interface ClipResult<F extends FrameResult = FrameResult> {
  index: number;
  start: number;
  end: number;
  /** Seconds into the source video of the clip's first picture (ffmpeg-1, from the decoder). */
  videoStart: number;
  /** false for the one clip of a video without audio: cut for its pictures, nothing to transcribe. */
  speech: boolean;
  clip: string;
  transcript: { engine: string; text: string; standIn: StandIn; uri: string } | null;
  frames: F[];
}

export interface PipelineResult {
  /** ffmpeg-0's facts about the source. */
  video: { durationSeconds: number; hasAudio: boolean };
  segments: unknown[];
  clips: Array<ClipResult<FrameFinding>>;
  /** Per stage called: what stood in for its model (null: the real thing, or no model). */
  standIns: Record<string, StandIn>;
}

/** Times in the index and summary to the millisecond: the decoders' pts are no finer. */
const ms = (seconds: number): number => Math.round(seconds * 1000) / 1000;

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
  const standIns: Record<string, StandIn> = {};

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
    standIns[stage] = standInField(result);
    try {
      await deps.record(callKey, okEntry(result, now()), result);
    } catch (error) {
      halt.error ??= error;
      throw error;
    }
    return result;
  };

  const f0 = await call('ffmpeg-0', 'ffmpeg-0', { video: request.video });
  const video = { durationSeconds: numberField(f0, 'durationSeconds'), hasAudio: booleanField(f0, 'hasAudio') };
  let segments: unknown[];
  let cuts: unknown[];
  if (video.hasAudio) {
    const lib = await call('librosa', 'librosa', {
      audio: uriField(f0, 'audio'), ...(request.vadMethod ? { method: request.vadMethod } : {}),
    });
    segments = arrayField(lib, 'segments');
    cuts = segments;
  } else {
    // No audio track: ffmpeg-0's wav is silence, in which librosa finds one segment as long as
    // the video (librosa's all-zero rule). Nothing is spoken; the pictures still have text to
    // read, so the whole video is one clip that skips ffmpeg-2 and deepspeech.
    segments = [];
    cuts = [{ start: 0, end: video.durationSeconds }];
  }
  if (cuts.length === 0) return { video, segments, clips: [], standIns };
  // ffmpeg-0's video.mp4 has no audio track; clips are cut from the source so they keep theirs.
  const f1 = await call('ffmpeg-1', 'ffmpeg-1', { video: request.video, segments: cuts });

  const runClip = async (clip: { index: number; uri: string; item: Record<string, unknown> }): Promise<ClipResult<FrameFinding>> => {
    const tag = clipTag(clip.index);
    const times = clipTimes(f1, clip);
    let transcript: ClipResult['transcript'] = null;
    if (video.hasAudio) {
      const f2 = await call('ffmpeg-2', `ffmpeg-2/${tag}`, { clip: clip.uri });
      const ds = await call('deepspeech', `deepspeech/${tag}`, { clipIndex: clip.index, audio: uriField(f2, 'audio') });
      transcript = { engine: stringField(ds, 'engine'), text: stringField(ds, 'text'), standIn: standInField(ds), uri: uriField(ds, 'transcript') };
    }
    // ffmpeg-3 names frame keys after the clip file: the cut clip (clip-003.mp4) keeps
    // clips apart, ffmpeg-2's compressed.mp4 would not.
    const f3 = await call('ffmpeg-3', `ffmpeg-3/${tag}`, { clip: clip.uri, ...(request.fps !== undefined ? { fps: request.fps } : {}) });
    const frames = await settleAll(indexedUris(f3, 'frames').map((frame) => async (): Promise<FrameFinding> => {
      const od = await call('object-detector', `object-detector/${tag}/${frameTag(frame.index)}`, {
        clipIndex: clip.index, frameIndex: frame.index, frame: frame.uri,
      });
      const time = frame.item.time;
      if (typeof time !== 'number' || !Number.isFinite(time)) {
        throw new PipelineStageError({ stage: f3.stage, callKey: f3.callKey, httpStatus: 200, cause: 'internal', detail: `answer field "frames[${frame.index}].time" must be a finite number, got ${JSON.stringify(time)}` });
      }
      const found = boxesField(od);
      return { index: frame.index, time, videoTime: ms(times.videoStart + time), frame: frame.uri, boxes: found.length, boxesUri: uriField(od, 'boxesUri'), found };
    }), request.fanout, halt);
    return { index: clip.index, ...times, speech: video.hasAudio, clip: clip.uri, transcript, frames };
  };

  const clips = await settleAll(indexedUris(f1, 'clips').map((clip) => () => runClip(clip)), request.fanout, halt);
  return { video, segments, clips, standIns };
}

/** ffmpeg-1's times of one clip, each required: the index places words and frames by them. */
function clipTimes(f1: StageCallResult, clip: { index: number; item: Record<string, unknown> }): { start: number; end: number; videoStart: number } {
  const out: Record<string, number> = {};
  for (const field of ['start', 'end', 'videoStart']) {
    const value = clip.item[field];
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new PipelineStageError({ stage: f1.stage, callKey: f1.callKey, httpStatus: 200, cause: 'internal', detail: `answer field "clips[${clip.index}].${field}" must be a finite number, got ${JSON.stringify(value)}` });
    }
    out[field] = value;
  }
  return { start: out.start!, end: out.end!, videoStart: out.videoStart! };
}
