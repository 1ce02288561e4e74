import { OVERLOAD } from '../../sim/scenario/defaults.ts';
import { StageConfigError, parseEnumVar, parseIntegerVar, parsePositiveNumberVar, type Env } from '../runtime/index.ts';
import type { StateMode } from '../runtime/state-store.ts';

export const FANOUT_MODES = ['sequential', 'parallel'] as const;
export type FanoutMode = (typeof FANOUT_MODES)[number];
export const VAD_METHODS = ['energy', 'vad'] as const;
export type VadMethod = (typeof VAD_METHODS)[number];
export const STATE_MODES: readonly StateMode[] = ['cas', 'naive'];

/** Orchestrator settings; every variable is in README.md with its default. */
export interface OrchestratorConfig {
  /** Gateway base URL, without a trailing slash. */
  gatewayUrl: string;
  /** Limit on one stage call, 429 retries included (client-side abort → cause `timeout`). */
  stageTimeoutMs: number;
  fanout: FanoutMode;
  /** Parallel fan-out: stage calls in flight at once for one request. */
  maxParallelCalls: number;
  /** Frames per second ffmpeg-3 samples; undefined = ffmpeg-3's own default. */
  fps: number | undefined;
  vadMethod: VadMethod | undefined;
  stateMode: StateMode;
  /** cas writes tried before state.json updates give up. */
  stateMaxAttempts: number;
  /**
   * How long the final status (done/failed) keeps being retried while the store fails
   * (S3 down or restarting), so a request that outlives an outage still ends recorded.
   */
  stateOutcomeRetryMs: number;
  /** Tries of one call while the function answers 429 (of-watchdog max_inflight). */
  overloadAttempts: number;
  /** Fresh calls after a stage call fails (any answer but 200, or none), made at once. */
  stageRetries: number;
  /** First 429 back-off bound; doubles per try up to overloadBackoffMaxMs, full jitter. */
  overloadBackoffMs: number;
  /** Kept small: a busy function frees up within one call, and a long sleep idles it. */
  overloadBackoffMaxMs: number;
}

function parseGatewayUrl(env: Env): string {
  const raw = env.OPENFAAS_URL;
  const text = raw === undefined || raw.trim() === '' ? 'http://127.0.0.1:8080' : raw.trim();
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new StageConfigError('OPENFAAS_URL', raw, 'an http(s):// URL of the OpenFaaS gateway');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new StageConfigError('OPENFAAS_URL', raw, 'an http(s):// URL of the OpenFaaS gateway');
  }
  return text.replace(/\/+$/, '');
}

export function parseOrchestratorConfig(env: Env): OrchestratorConfig {
  const unset = (name: string) => env[name] === undefined || env[name]!.trim() === '';
  return {
    gatewayUrl: parseGatewayUrl(env),
    stageTimeoutMs: parseIntegerVar(env, 'STAGE_TIMEOUT_MS', 300_000, 1),
    fanout: parseEnumVar(env, 'FANOUT', FANOUT_MODES, 'sequential'),
    maxParallelCalls: parseIntegerVar(env, 'MAX_PARALLEL_CALLS', 4, 1),
    fps: unset('FRAME_FPS') ? undefined : parsePositiveNumberVar(env, 'FRAME_FPS', 1, 30),
    vadMethod: unset('SPEECH_METHOD') ? undefined : parseEnumVar(env, 'SPEECH_METHOD', VAD_METHODS, 'energy'),
    stateMode: parseEnumVar(env, 'STATE_MODE', STATE_MODES, 'cas'),
    stateMaxAttempts: parseIntegerVar(env, 'STATE_MAX_ATTEMPTS', 50, 1),
    stateOutcomeRetryMs: parseIntegerVar(env, 'STATE_OUTCOME_RETRY_MS', 30_000, 0),
    // One setting with the simulator's pipeline.overloadAttempts (sim/scenario/defaults.ts).
    overloadAttempts: parseIntegerVar(env, 'OVERLOAD_ATTEMPTS', OVERLOAD.attempts, 1),
    stageRetries: parseIntegerVar(env, 'STAGE_RETRIES', 0, 0),
    overloadBackoffMs: parseIntegerVar(env, 'OVERLOAD_BACKOFF_MS', OVERLOAD.backoff * 1000, 0),
    overloadBackoffMaxMs: parseIntegerVar(env, 'OVERLOAD_BACKOFF_MAX_MS', OVERLOAD.backoffMax * 1000, 0),
  };
}
