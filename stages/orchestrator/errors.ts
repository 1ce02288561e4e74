import { STAGE_CAUSES, StageError, type StageCause } from '../runtime/index.ts';

/**
 * A stage call that did not answer 200: aborts the request. `stageCause` is the stage's own
 * cause when its error body names one, else one read from the status (see causeOfStatus);
 * the orchestrator answers 500 with that cause, and state.json keeps every field.
 */
export class PipelineStageError extends StageError {
  /** The function that failed (`ffmpeg-2`, …). */
  readonly stage: string;
  /** Which call: `ffmpeg-2/clip-001`, `object-detector/clip-000/frame-00003`. */
  readonly callKey: string;
  /** HTTP status the orchestrator saw; null when no response came (client timeout, refused). */
  readonly httpStatus: number | null;
  /** The stage's error message, or what the orchestrator saw instead. */
  readonly detail: string;
  /** Client-side time spent on the call before it failed, and tries made (0 when unknown). */
  readonly latencyMs: number;
  readonly attempts: number;

  constructor(
    parts: { stage: string; callKey: string; httpStatus: number | null; cause: StageCause; detail: string; latencyMs?: number; attempts?: number },
    options?: { cause?: unknown },
  ) {
    const status = parts.httpStatus === null ? 'no response' : `HTTP ${parts.httpStatus}`;
    super(parts.cause, `${parts.callKey} failed (${status}, ${parts.cause}): ${parts.detail}`, options);
    this.stage = parts.stage;
    this.callKey = parts.callKey;
    this.httpStatus = parts.httpStatus;
    this.detail = parts.detail;
    this.latencyMs = parts.latencyMs ?? 0;
    this.attempts = parts.attempts ?? 0;
  }
}

export function isStageCause(value: unknown): value is StageCause {
  return typeof value === 'string' && (STAGE_CAUSES as readonly string[]).includes(value);
}

/**
 * What a status means when the body names no cause: OpenFaaS answers these itself
 * (gateway 502 upstream timeout with an empty body, watchdog 504 exec timeout, provider
 * 503 no endpoints / 500 can't reach service, 429 max_inflight).
 */
export function causeOfStatus(status: number): StageCause {
  if (status === 502 || status === 504) return 'timeout';
  if (status === 503) return 'not-ready';
  if (status === 429) return 'overloaded';
  if (status === 413) return 'too-large';
  if (status >= 400 && status < 500) return 'bad-input';
  return 'internal';
}
