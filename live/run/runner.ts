// Fires the scenario's requests at their arrival times (seconds after the run starts), each
// with the client's timeout per attempt and retries with exponential backoff and jitter
// drawn from the simulator's 'retry-jitter' stream. Every finished request is handed to
// `onRequest` at once, so an interrupted run keeps everything recorded so far.
import { createStreams } from '../../sim/random/streams.ts';
import { OUTCOME_NAMES, type OutcomeName } from '../../sim/model/outcome.ts';
import type { TelemetryRecord } from '../../stages/runtime/telemetry.ts';
import { attempt as sendAttempt, outcomeOfStatus } from './attempt.ts';
import { backoffDelay } from '../../sim/model/client.ts';
import type { ClientSettings } from './settings.ts';
import { telemetryOf } from './telemetry.ts';
import { runTimers } from './timers.ts';

export interface AttemptRecord {
  requestId: string;
  start: number; // seconds after the run started
  outcome: OutcomeName;
  status: number | null;
  latency: number;
  callId: string | null;
  error?: string;
}

/** One function call inside a request: the target itself, or a stage the orchestrator called. */
export interface FunctionCall {
  fn: string;
  outcome: OutcomeName;
  latency: number;
}

export interface RequestRecord {
  index: number;
  arrival: number; // planned, seconds after the run started
  sent: number; // when the first attempt actually went out
  end: number;
  outcome: OutcomeName;
  latency: number; // end to end, arrival to final answer, seconds
  attempts: AttemptRecord[];
  calls: FunctionCall[];
  /** Pipeline or workflow target: what aborted the request, read from the orchestrator's 500
   * (a stage and its outcome; for a workflow, a function and its outcome, or a state and the
   * Error of its Fail or run-time error), as the simulator counts aborts: `<stage> <outcome>`. */
  abort?: { stage: string; outcome: string };
  /** The orchestrator's lost state updates for this request (pipeline target only). */
  lostUpdates?: number;
  stateWrites?: number;
}

export interface RunInput {
  /** The function the client calls: the orchestrator for the pipeline, else the target. */
  fn: string;
  /** The orchestrator is called (pipeline or workflow): its 500 names what aborted the request. */
  pipeline: boolean;
  url: URL;
  arrivals: number[];
  seed: number;
  client: ClientSettings;
  /** Seconds after the last planned arrival's horizon at which unfinished requests are aborted. */
  cutOffAt: number;
  /** The request id and body of one attempt. */
  body(index: number, attempt: number): { requestId: string; text: string };
  /** Ctrl-C: no new arrivals or retries; attempts in flight get `graceSeconds`, then are cut. */
  signal: AbortSignal;
  graceSeconds: number;
  onRequest(record: RequestRecord, telemetry: TelemetryRecord[]): void;
  /** The arrival clock starts now (performance.now()): arrival times count from here. */
  onClockStart?(perfNowMs: number): void;
}

export interface RunOutcome {
  /** Seconds from the start to the last request's end. */
  end: number;
  /** The drain limit ended the run with requests still going. */
  cutOff: boolean;
  /** Ctrl-C (the caller's signal) stopped the run; arrivals not yet due were not sent. */
  stopped: boolean;
  sent: number;
}

/** The calls of one finished attempt: the target's own, plus the stages an orchestrator summary
 * lists, each preceded by the failed calls the orchestrator made again (STAGE_RETRIES): the
 * simulator counts every one of those among its function's calls too. */
export function callsOf(target: string, a: AttemptRecord, parsed: Record<string, unknown> | undefined): FunctionCall[] {
  const calls: FunctionCall[] = [{ fn: target, outcome: a.outcome, latency: a.latency }];
  const inner = parsed?.calls;
  if (Array.isArray(inner)) {
    for (const c of inner as { stage?: unknown; httpStatus?: unknown; latencyMs?: unknown; failedTries?: unknown; outcome?: unknown }[]) {
      // A workflow lists failed calls too, each with its outcome named as the simulator names it.
      if (typeof c.stage === 'string' && typeof c.outcome === 'string' && (OUTCOME_NAMES as readonly string[]).includes(c.outcome) && typeof c.latencyMs === 'number') {
        calls.push({ fn: c.stage, outcome: c.outcome as OutcomeName, latency: c.latencyMs / 1000 });
      } else if (typeof c.stage === 'string' && typeof c.httpStatus === 'number' && typeof c.latencyMs === 'number') {
        const tries = Array.isArray(c.failedTries) ? (c.failedTries as { httpStatus?: unknown; latencyMs?: unknown }[]) : [];
        for (const t of tries) {
          if (typeof t.latencyMs !== 'number') continue;
          calls.push({ fn: c.stage, outcome: typeof t.httpStatus === 'number' ? outcomeOfStatus(t.httpStatus) : 'client-timeout', latency: t.latencyMs / 1000 });
        }
        calls.push({ fn: c.stage, outcome: outcomeOfStatus(c.httpStatus), latency: c.latencyMs / 1000 });
      }
    }
  }
  return calls;
}

/**
 * The orchestrator answers 500 with `{error: {message: '<callKey> failed (HTTP 502, timeout): …'}}`
 * when a stage call fails: the simulator counts that request as aborted by that stage.
 * 'no response' is the orchestrator's own client timeout (or a refused connection).
 */
export function abortOf(parsed: Record<string, unknown> | undefined): { stage: string; outcome: string } | undefined {
  // A workflow's 500 says it outright (stages/orchestrator/workflow/run-request.ts).
  const named = parsed?.abort as { at?: unknown; outcome?: unknown } | undefined;
  if (typeof named?.at === 'string' && typeof named.outcome === 'string') return { stage: named.at, outcome: named.outcome };
  const message = (parsed?.error as { message?: unknown } | undefined)?.message;
  if (typeof message !== 'string') return undefined;
  const m = /^([^\s/]+)\S* failed \((?:HTTP (\d+)|no response), /.exec(message);
  if (!m) return undefined;
  return { stage: m[1]!, outcome: m[2] ? outcomeOfStatus(Number(m[2])) : 'client-timeout' };
}

function parseBody(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function runRequests(input: RunInput): Promise<RunOutcome> {
  const t0 = performance.now();
  input.onClockStart?.(t0);
  const now = () => (performance.now() - t0) / 1000;
  const jitter = createStreams(input.seed).stream('retry-jitter');
  // drain: no new arrivals or retries (Ctrl-C, the drain limit); stop: attempts in flight cut.
  const drain = new AbortController();
  const stop = new AbortController();
  const timers = runTimers(now);
  let active = 0;
  let sent = 0;
  let cutOff = false;
  let end = 0;

  return new Promise((resolve) => {
    let pendingArrivals = input.arrivals.length;
    const finish = () => {
      if (active > 0 || (pendingArrivals > 0 && !drain.signal.aborted)) return;
      timers.clear();
      input.signal.removeEventListener('abort', onStop);
      resolve({ end, cutOff, stopped: input.signal.aborted, sent });
    };
    const later = timers.later;
    const onStop = () => {
      drain.abort();
      later(input.graceSeconds, () => stop.abort());
    };
    input.signal.addEventListener('abort', onStop);

    const request = async (index: number, arrival: number) => {
      active++;
      sent++;
      const record: RequestRecord = { index, arrival, sent: now(), end: 0, outcome: 'aborted', latency: 0, attempts: [], calls: [] };
      const telemetry: TelemetryRecord[] = [];
      for (let n = 1; ; n++) {
        const start = now();
        const body = input.body(index, n);
        const r = await sendAttempt(input.url, body.text, input.client.timeout * 1000, stop.signal);
        const a: AttemptRecord = { requestId: body.requestId, start, outcome: r.outcome, status: r.status, latency: r.latency, callId: r.callId, ...(r.error ? { error: r.error } : {}) };
        record.attempts.push(a);
        const parsed = parseBody(r.body);
        telemetry.push(...telemetryOf(parsed));
        const lost = parsed?.lostUpdates as { lost?: unknown; callsMade?: unknown } | undefined;
        if (typeof lost?.lost === 'number') record.lostUpdates = (record.lostUpdates ?? 0) + lost.lost;
        if (typeof lost?.callsMade === 'number') record.stateWrites = (record.stateWrites ?? 0) + lost.callsMade;
        const abort = input.pipeline && r.status === 500 ? abortOf(parsed) : undefined;
        if (abort) {
          a.outcome = 'aborted';
          record.abort = abort;
        } else delete record.abort;
        record.calls.push(...callsOf(input.fn, a, parsed));
        record.outcome = a.outcome;
        const c = input.client;
        if (a.outcome === 'ok' || drain.signal.aborted || n >= c.attempts || !c.retryOn.has(a.outcome)) break;
        const delay = backoffDelay(c, n, jitter());
        await new Promise<void>((wake) => {
          later(delay, wake);
          drain.signal.addEventListener('abort', () => wake(), { once: true });
        });
        if (drain.signal.aborted) {
          record.outcome = 'aborted';
          break;
        }
      }
      record.end = now();
      record.latency = record.end - arrival;
      end = Math.max(end, record.end);
      input.onRequest(record, telemetry);
      active--;
      finish();
    };

    input.arrivals.forEach((t, index) =>
      timers.at(t, () => {
        pendingArrivals--;
        if (!drain.signal.aborted) void request(index, t);
      }),
    );
    later(input.cutOffAt, () => {
      if (active > 0) cutOff = true;
      drain.abort();
      stop.abort();
    });
    drain.signal.addEventListener('abort', () => {
      // Arrivals not yet due are dropped; what is in flight ends as 'aborted'.
      pendingArrivals = 0;
      finish();
    });
    if (input.signal.aborted) onStop();
    finish();
  });
}
