import type { TelemetryRecord } from '../runtime/index.ts';
import type { StateMode } from '../runtime/state-store.ts';
import type { FanoutMode } from './config.ts';
import type { FailedTry, StageCallResult } from './gateway-client.ts';
import type { StandIn } from '../runtime/stand-in.ts';
import type { ClipResult, FrameResult, PipelineResult } from './pipeline.ts';
import type { LostUpdateCheck, RequestFailure } from './request-state.ts';

/** One call in the summary: what the orchestrator saw, plus the stage's own telemetry. */
export interface CallSummary {
  callKey: string;
  stage: string;
  httpStatus: number;
  /** Client-side latency through the gateway (429 back-offs included). */
  latencyMs: number;
  attempts: number;
  callId: string | null;
  metrics: TelemetryRecord;
  /** Calls of the same stage and input that failed before this one (STAGE_RETRIES). */
  failedTries?: FailedTry[];
}

export interface StageTotals {
  calls: number;
  /** Sum of client-side latencies, ms. */
  latencyMs: number;
  /** Sum of the stages' own durationSeconds. */
  serviceSeconds: number;
  coldStarts: number;
  /** 429s retried. */
  retries: number;
  /** What stood in for the stage's model (its own note), null for the real thing or no model. */
  standIn: StandIn;
}

export interface PipelineSummary {
  requestId: string;
  status: 'done';
  video: string;
  fanout: FanoutMode;
  stateMode: StateMode;
  state: string;
  /** requests/<id>/metadata/index.json: what the search reads (fave.video-index/v1). */
  index: string;
  wallMs: number;
  /** ffmpeg-0's facts: a video without audio says so here, and has no speech segments. */
  facts: { durationSeconds: number; hasAudio: boolean };
  segments: number;
  clips: ClipResult[];
  transcripts: Array<{ clipIndex: number; engine: string; text: string; standIn: StandIn; uri: string }>;
  detections: { frames: number; framesWithBoxes: number; boxes: number };
  stages: Record<string, StageTotals>;
  calls: CallSummary[];
  lostUpdates: LostUpdateCheck;
}

/** summary.json of a request that failed: the 500 answer's cause, where to look, and no results. */
export interface FailedSummary {
  requestId: string;
  status: 'failed';
  video: string;
  state: string;
  index: string;
  error: RequestFailure;
}

export function stageTotals(calls: readonly StageCallResult[], standIns: Readonly<Record<string, StandIn>> = {}): Record<string, StageTotals> {
  const totals: Record<string, StageTotals> = {};
  for (const call of calls) {
    const t = (totals[call.stage] ??= { calls: 0, latencyMs: 0, serviceSeconds: 0, coldStarts: 0, retries: 0, standIn: standIns[call.stage] ?? null });
    t.calls += 1;
    t.latencyMs += call.latencyMs;
    t.serviceSeconds += call.metrics.durationSeconds;
    t.coldStarts += call.metrics.coldStart ? 1 : 0;
    t.retries += call.attempts - 1;
  }
  return totals;
}

export function summarise(parts: {
  requestId: string;
  video: string;
  fanout: FanoutMode;
  stateMode: StateMode;
  state: string;
  index: string;
  wallMs: number;
  result: PipelineResult;
  calls: readonly StageCallResult[];
  lostUpdates: LostUpdateCheck;
}): PipelineSummary {
  const { result } = parts;
  const frames = result.clips.flatMap((clip) => clip.frames);
  return {
    requestId: parts.requestId,
    status: 'done',
    video: parts.video,
    fanout: parts.fanout,
    stateMode: parts.stateMode,
    state: parts.state,
    index: parts.index,
    wallMs: parts.wallMs,
    facts: result.video,
    segments: result.segments.length,
    // The boxes' text is in the index; the summary keeps their count.
    clips: result.clips.map((clip) => ({ ...clip, frames: clip.frames.map(({ found: _, ...frame }): FrameResult => frame) })),
    transcripts: result.clips.flatMap((clip) => (clip.transcript ? [{ clipIndex: clip.index, ...clip.transcript }] : [])),
    detections: {
      frames: frames.length,
      framesWithBoxes: frames.filter((f) => f.boxes > 0).length,
      boxes: frames.reduce((sum, f) => sum + f.boxes, 0),
    },
    stages: stageTotals(parts.calls, result.standIns),
    calls: parts.calls.map((c) => ({
      callKey: c.callKey, stage: c.stage, httpStatus: c.httpStatus, latencyMs: c.latencyMs, attempts: c.attempts, callId: c.callId, metrics: c.metrics,
      ...(c.failedTries ? { failedTries: c.failedTries } : {}),
    })),
    lostUpdates: parts.lostUpdates,
  };
}
