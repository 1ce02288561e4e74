import { TelemetryFormatError, validateTelemetry, type StageCause, type TelemetryRecord } from '../runtime/index.ts';
import { PipelineStageError, causeOfStatus, isStageCause } from './errors.ts';
import type { Limiter } from '../runtime/limiter.ts';

/** One stage call as the orchestrator saw it. */
export interface StageCallResult {
  stage: string;
  callKey: string;
  httpStatus: number;
  /** Client-side: first try sent → last answer read, 429 back-offs included. */
  latencyMs: number;
  /** Tries made (1 + the 429s retried). */
  attempts: number;
  /** The gateway's X-Call-Id of the last try. */
  callId: string | null;
  /** The stage's answer without `metrics`. */
  body: Record<string, unknown>;
  /** The stage's own telemetry record (validated). */
  metrics: TelemetryRecord;
  /** Calls of this stage that failed before this one (STAGE_RETRIES), in order. */
  failedTries?: FailedTry[];
}

/** A stage call that failed and was made again. */
export interface FailedTry {
  /** null: no answer (the orchestrator's own timeout, or no connection). */
  httpStatus: number | null;
  latencyMs: number;
  cause: StageCause;
}

export interface InvokerSettings {
  gatewayUrl: string;
  stageTimeoutMs: number;
  overloadAttempts: number;
  overloadBackoffMs: number;
  overloadBackoffMaxMs: number;
  /** Fresh calls after one fails (default 0). */
  stageRetries?: number;
}

export interface InvokerDeps {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Bounds calls in flight; a call gives its slot back while it waits out a 429. */
  limiter?: Limiter;
}

export type StageInvoker = (stage: string, callKey: string, body: object) => Promise<StageCallResult>;

const sleepWithTimer = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const passThrough: Limiter = { run: (task) => task(), active: 0 };

interface Answer {
  status: number;
  callId: string | null;
  duration: string | null;
  text: string;
}

function parseBody(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The stage's `{error: {cause, message}}` when it sent one; else what the status means. */
function failureOf(answer: Answer): { cause: StageCause; detail: string } {
  const error = parseBody(answer.text)?.error as { cause?: unknown; message?: unknown } | undefined;
  if (error && isStageCause(error.cause)) {
    return { cause: error.cause, detail: typeof error.message === 'string' ? error.message : '(no message)' };
  }
  const text = answer.text.trim();
  return { cause: causeOfStatus(answer.status), detail: text === '' ? '(empty body)' : text.slice(0, 500) };
}

/**
 * Calls functions through the OpenFaaS gateway (`POST <gateway>/function/<name>`). A 429
 * (of-watchdog max_inflight) is retried with full-jitter back-off, as OpenFaaS advises
 * clients to; any other non-200, a client-side timeout or no connection fails the call.
 * A failed call is made afresh, at once and with its own STAGE_TIMEOUT_MS, up to
 * `stageRetries` times (as the simulator's pipeline.stageRetries); the last failure throws
 * PipelineStageError naming the call.
 */
export function createStageInvoker(settings: InvokerSettings, deps: InvokerDeps = {}): StageInvoker {
  const once = createOneCall(settings, deps);
  const retries = settings.stageRetries ?? 0;
  return async (stage, callKey, body) => {
    const failedTries: FailedTry[] = [];
    for (;;) {
      try {
        const result = await once(stage, callKey, body);
        return failedTries.length > 0 ? { ...result, failedTries } : result;
      } catch (error) {
        if (!(error instanceof PipelineStageError) || failedTries.length >= retries) throw error;
        failedTries.push({ httpStatus: error.httpStatus, latencyMs: error.latencyMs, cause: error.stageCause });
      }
    }
  };
}

/** One call of any function as the orchestrator saw it: the answer's JSON, whatever its shape. */
export interface FunctionCallResult {
  stage: string;
  callKey: string;
  httpStatus: 200;
  latencyMs: number;
  attempts: number;
  callId: string | null;
  /** The answer, parsed: any JSON value (a workflow's Task may answer an array or a number). */
  body: unknown;
  /** Characters of the answer's text, for limits on what a caller keeps. */
  answerChars: number;
  /** of-watchdog's X-Duration-Seconds (time in the function), when the answer carries one. */
  durationSeconds: number | null;
}

/** `timeoutMs` replaces the settings' STAGE_TIMEOUT_MS for this call (a Task's TimeoutSeconds). */
export type FunctionCaller = (fn: string, callKey: string, body: unknown, timeoutMs?: number) => Promise<FunctionCallResult>;

/** One stage call: any function's call (below) whose answer must be a stage's, with telemetry. */
function createOneCall(settings: InvokerSettings, deps: InvokerDeps): StageInvoker {
  const call = createFunctionCaller(settings, deps);
  return async (stage, callKey, body) => {
    const answer = await call(stage, callKey, body);
    const fail = (detail: string, error?: unknown): never => {
      throw new PipelineStageError({ stage, callKey, httpStatus: 200, cause: 'internal', detail, latencyMs: answer.latencyMs, attempts: answer.attempts }, { cause: error });
    };
    const parsed = answer.body;
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return fail(`answered 200 with a body that is not a JSON object: ${JSON.stringify(parsed).slice(0, 200)}`);
    }
    const { metrics, ...rest } = parsed as Record<string, unknown>;
    let record: TelemetryRecord;
    try {
      record = validateTelemetry(metrics);
    } catch (error) {
      if (!(error instanceof TelemetryFormatError)) throw error;
      return fail(`answered 200 with bad telemetry: ${error.message}`, error);
    }
    return {
      stage, callKey, httpStatus: 200, latencyMs: answer.latencyMs, attempts: answer.attempts,
      callId: answer.callId ?? record.callId, body: rest, metrics: record,
    };
  };
}

/**
 * One call of any function through the gateway: its 429 back-offs, its deadline, and its
 * 200 answer as JSON, or a PipelineStageError naming the call. Stages and the functions a
 * workflow names share it, so both see the gateway's answers the same way.
 */
export function createFunctionCaller(settings: InvokerSettings, deps: InvokerDeps = {}): FunctionCaller {
  const doFetch = deps.fetch ?? fetch;
  const sleep = deps.sleep ?? sleepWithTimer;
  const random = deps.random ?? Math.random;
  const limiter = deps.limiter ?? passThrough;

  return async (stage, callKey, body, timeoutMs = settings.stageTimeoutMs) => {
    const started = performance.now();
    let attempt = 0;
    const fail = (httpStatus: number | null, cause: StageCause, detail: string, error?: unknown): never => {
      const latencyMs = performance.now() - started;
      throw new PipelineStageError({ stage, callKey, httpStatus, cause, detail, latencyMs, attempts: attempt }, { cause: error });
    };
    const limitName = timeoutMs === settings.stageTimeoutMs ? `STAGE_TIMEOUT_MS=${timeoutMs}` : `the call's timeout (${timeoutMs} ms)`;
    const deadline = AbortSignal.timeout(timeoutMs);
    const payload = JSON.stringify(body);
    for (attempt = 1; ; attempt++) {
      let answer: Answer;
      try {
        answer = await limiter.run(async () => {
          const res = await doFetch(`${settings.gatewayUrl}/function/${stage}`, {
            method: 'POST', headers: { 'content-type': 'application/json' }, body: payload, signal: deadline,
          });
          return { status: res.status, callId: res.headers.get('x-call-id'), duration: res.headers.get('x-duration-seconds'), text: await res.text() };
        });
      } catch (error) {
        if (deadline.aborted) fail(null, 'timeout', `no answer within ${limitName}`, error);
        // fetch says only "fetch failed"; the reason (ECONNRESET, ECONNREFUSED, …) is its cause.
        const reason = (error as Error & { cause?: { message?: string; code?: string } }).cause;
        const why = reason ? ` (${[reason.code, reason.message].filter(Boolean).join(': ')})` : '';
        fail(null, 'internal', `gateway ${settings.gatewayUrl} unreachable: ${(error as Error).message}${why}`, error);
      }
      answer = answer!;
      if (answer.status === 429 && attempt < settings.overloadAttempts) {
        const bound = Math.min(settings.overloadBackoffMaxMs, settings.overloadBackoffMs * 2 ** Math.min(attempt - 1, 16));
        await sleep(random() * bound);
        if (deadline.aborted) fail(429, 'timeout', `still overloaded after ${attempt} tries when ${limitName} ran out`);
        continue;
      }
      if (answer.status !== 200) {
        const { cause, detail } = failureOf(answer);
        fail(answer.status, cause, attempt > 1 ? `${detail} (after ${attempt} tries)` : detail);
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(answer.text);
      } catch {
        fail(200, 'internal', `answered 200 with a body that is not a JSON object: ${answer.text.slice(0, 200)}`);
      }
      const duration = answer.duration === null ? NaN : Number(answer.duration);
      return {
        stage, callKey, httpStatus: 200, latencyMs: performance.now() - started, attempts: attempt, callId: answer.callId,
        body: parsed, answerChars: answer.text.length, durationSeconds: Number.isFinite(duration) ? duration : null,
      };
    }
  };
}
