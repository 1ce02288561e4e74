import type { StageCause, TelemetryRecord } from '../runtime/index.ts';
import type { StateMode } from '../runtime/state-store.ts';
import type { FanoutMode } from './config.ts';

/**
 * `requests/<id>/metadata/state.json`: one entry per stage call, keyed by call
 * (`ffmpeg-2/clip-001`), so a lost update shows up as a missing key.
 */
export const REQUEST_STATE_FORMAT = 'fave.request-state/v1';

export interface CallEntry {
  stage: string;
  status: 'ok' | 'error';
  /** null when no response came (client timeout, gateway unreachable). */
  httpStatus: number | null;
  latencyMs: number;
  attempts: number;
  /** s3:// URIs the stage wrote (from its answer). */
  outputs: string[];
  replicaId?: string;
  coldStart?: boolean;
  cause?: StageCause;
  message?: string;
  at: string;
}

export interface RequestFailure {
  stage: string;
  callKey: string;
  httpStatus: number | null;
  cause: StageCause;
  message: string;
}

export interface RequestState {
  format: typeof REQUEST_STATE_FORMAT;
  requestId: string;
  /** The pipeline's source video; absent for a workflow request. */
  video?: string;
  /** A workflow request: the functions its Tasks call (the machine itself is the caller's). */
  workflow?: { functions: string[] };
  status: 'running' | 'done' | 'failed';
  fanout: FanoutMode;
  stateMode: StateMode;
  startedAt: string;
  updatedAt: string;
  calls: Record<string, CallEntry>;
  error?: RequestFailure;
  summary?: string;
}

export function stateKey(requestId: string): string {
  return `requests/${requestId}/metadata/state.json`;
}

/** The document a run starts from; replaces any earlier run's state under the same id. */
export function initialState(parts: { requestId: string; video?: string; workflow?: { functions: string[] }; fanout: FanoutMode; stateMode: StateMode }, now: Date): RequestState {
  const at = now.toISOString();
  return { format: REQUEST_STATE_FORMAT, ...parts, status: 'running', startedAt: at, updatedAt: at, calls: {} };
}

/** Adds one call's entry. Pure: `updateState` may run it again on fresh state. */
export function withCall(state: RequestState | null, key: string, entry: CallEntry): RequestState {
  if (state === null) throw new RequestStateMissingError(key);
  return { ...state, updatedAt: entry.at, calls: { ...state.calls, [key]: entry } };
}

export function withOutcome(state: RequestState | null, outcome: { status: 'done' | 'failed'; error?: RequestFailure; summary?: string }, now: Date): RequestState {
  if (state === null) throw new RequestStateMissingError('(final status)');
  return { ...state, ...outcome, updatedAt: now.toISOString() };
}

/** The state document vanished mid-run: someone deleted it, since every run creates it first. */
export class RequestStateMissingError extends Error {
  constructor(readonly key: string) {
    super(`state.json is missing while recording ${key}; it is created when the run starts`);
    this.name = 'RequestStateMissingError';
  }
}

/** Every s3:// URI in a stage's answer except its input (`source`), depth-first. */
export function outputUris(body: Record<string, unknown>): string[] {
  const found: string[] = [];
  const walk = (value: unknown, field: string): void => {
    if (field === 'source') return;
    if (typeof value === 'string') {
      if (value.startsWith('s3://')) found.push(value);
    } else if (Array.isArray(value)) {
      for (const item of value) walk(item, '');
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) walk(v, k);
    }
  };
  walk(body, '');
  return found;
}

export function okEntry(result: { stage: string; latencyMs: number; attempts: number; body: Record<string, unknown>; metrics: TelemetryRecord }, now: Date): CallEntry {
  return {
    stage: result.stage, status: 'ok', httpStatus: 200, latencyMs: result.latencyMs, attempts: result.attempts,
    outputs: outputUris(result.body), replicaId: result.metrics.replicaId, coldStart: result.metrics.coldStart, at: now.toISOString(),
  };
}

export interface LostUpdateCheck {
  /** Stage calls the orchestrator made (and tried to record). */
  callsMade: number;
  /** Of those, entries present in the final state.json. */
  entriesRecorded: number;
  lost: number;
  missing: string[];
}

/** Compares the calls made with the final document: under `naive` concurrent writers drop entries. */
export function checkLostUpdates(callKeys: readonly string[], state: RequestState | null): LostUpdateCheck {
  const recorded = state?.calls ?? {};
  const missing = callKeys.filter((key) => !(key in recorded));
  return { callsMade: callKeys.length, entriesRecorded: callKeys.length - missing.length, lost: missing.length, missing };
}
