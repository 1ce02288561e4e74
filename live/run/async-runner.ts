// An asynchronous live run's client: each arrival is POSTed to /async-function/<fn> at its
// time with this run's X-Callback-Url and its own X-Call-Id; the gateway's 202 and the
// queue-worker's callback(s) are timed on one clock. A request ends at its first callback
// (the simulator's toResult: accepted to the posted result); later callbacks for the same
// call id are duplicates, counted when the run is finished (finish), after the platform has
// gone quiet, so a redelivery's second result is not missed.
import type { OutcomeName } from '../../sim/model/outcome.ts';
import type { TelemetryRecord } from '../../stages/runtime/telemetry.ts';
import { attempt as sendAttempt, outcomeOfStatus } from './attempt.ts';
import { type CallbackServer, startCallbackServer } from './callback-server.ts';
import type { RequestRecord, RunOutcome } from './runner.ts';
import { runTimers } from './timers.ts';

export interface AsyncCallRecord {
  callId: string;
  /** Seconds after the run started when the gateway's 202 came back; null: not accepted. */
  accepted: number | null;
  /** The first callback, seconds after the run started; null: none came. */
  callback: number | null;
  /** X-Function-Status and X-Duration-Seconds of the first callback. */
  status: number | null;
  duration: number | null;
  /** Callbacks received for this call id (more than one: duplicates). */
  callbacks: number;
  /** From sending the call to its first callback, seconds. Counted from the send, not from
   * the 202's arrival: JetStream holds the message before the 202 leaves the gateway, and an
   * idle worker can start the call before the client has read the 202 (seen live: a callback
   * 3 ms sooner after the 202 than the call's own duration). The 202 takes a few ms here. */
  timeToCallback: number | null;
  /** Sent to the function's first execution, seconds; `queueWaitFrom` says how it was
   * measured: the stage's own telemetry start (embedded stages log it), else the time to
   * callback less the worker's X-Duration-Seconds. */
  queueWait: number | null;
  queueWaitFrom: 'telemetry' | 'callback' | null;
  /** The queue-worker gave up: the last callback carries a status it retries (Pro only). */
  gaveUp: boolean;
}

export type AsyncRequestRecord = RequestRecord & { async: AsyncCallRecord };

export interface AsyncRunInput {
  fn: string;
  /** The gateway's /async-function/<fn>. */
  url: URL;
  arrivals: number[];
  /** Per POST (the 202), seconds. */
  timeout: number;
  /** Seconds after the start at which requests still without a result end as aborted. */
  cutOffAt: number;
  body(index: number, attempt: number): { requestId: string; text: string };
  callId(index: number): string;
  /** Statuses the queue-worker retries (Pro): a final callback with one means it gave up. */
  retryCodes: ReadonlySet<number>;
  signal: AbortSignal;
  graceSeconds: number;
  onClockStart?(perfNowMs: number): void;
  /** A request got its result (first callback) or failed to be accepted. */
  onResult?(latency: number): void;
}

export interface AsyncRun {
  outcome: RunOutcome;
  /** The records, final: call after the platform went quiet; `telemetry` for queue wait. */
  finish(telemetry: readonly TelemetryRecord[]): AsyncRequestRecord[];
  /** Callbacks refused (not this run's call ids, wrong path). */
  refused(): number;
  close(): Promise<void>;
}

interface Pending { index: number; arrival: number; sent: number; sentAtMs: number; requestId: string; callId: string; accepted: number | null; failure: { outcome: OutcomeName; status: number | null; latency: number; at: number } | null }

export async function runAsyncRequests(input: AsyncRunInput): Promise<AsyncRun> {
  const byCallId = new Map<string, Pending>();
  let t0 = 0;
  const now = () => (performance.now() - t0) / 1000;
  let check = () => undefined as void;
  const server: CallbackServer = await startCallbackServer((id) => byCallId.has(id), (c, nth) => {
    const p = byCallId.get(c.callId)!;
    if (nth === 1) input.onResult?.((c.atMs - t0) / 1000 - p.arrival);
    check();
  });
  const headers = (callId: string) => ({ 'X-Callback-Url': server.url, 'X-Call-Id': callId });
  t0 = performance.now();
  input.onClockStart?.(t0);
  const timers = runTimers(now);
  let sent = 0;
  let due = input.arrivals.length;
  let cutOff = false;
  let stopped = false;
  const done = (p: Pending) => p.failure !== null || (server.received.get(p.callId)?.length ?? 0) > 0;
  const outcome = await new Promise<RunOutcome>((resolve) => {
    const finish = () => {
      timers.clear();
      const ends = [...byCallId.values()].map((p) => p.failure?.at ?? ((server.received.get(p.callId)?.[0]?.atMs ?? t0) - t0) / 1000);
      resolve({ end: Math.max(0, ...ends), cutOff, stopped, sent });
    };
    check = () => {
      if (due === 0 && [...byCallId.values()].every(done)) finish();
    };
    const later = timers.later;
    input.signal.addEventListener('abort', () => {
      // Ctrl-C: no new arrivals; what was accepted gets graceSeconds to call back.
      stopped = true;
      due = 0;
      later(input.graceSeconds, finish);
      check();
    }, { once: true });
    input.arrivals.forEach((t, index) =>
      timers.at(t, async () => {
        if (stopped) return;
        const body = input.body(index, 1);
        const callId = input.callId(index);
        const p: Pending = { index, arrival: t, sent: now(), sentAtMs: Date.now(), requestId: body.requestId, callId, accepted: null, failure: null };
        byCallId.set(callId, p);
        sent++;
        due--;
        const r = await sendAttempt(input.url, body.text, input.timeout * 1000, input.signal, headers(callId));
        if (r.status === 202) p.accepted = now();
        else {
          p.failure = { outcome: r.status === null ? r.outcome : outcomeOfStatus(r.status), status: r.status, latency: r.latency, at: now() };
          input.onResult?.(r.latency);
        }
        check();
      }),
    );
    later(input.cutOffAt, () => {
      cutOff = [...byCallId.values()].some((p) => !done(p)) || due > 0;
      due = 0;
      finish();
    });
    check();
  });

  return {
    outcome,
    refused: () => server.refused,
    close: () => server.close(),
    finish(telemetry) {
      const starts = new Map<string, number>();
      for (const t of telemetry) {
        if (t.stage !== input.fn) continue;
        starts.set(t.requestId, Math.min(starts.get(t.requestId) ?? Infinity, t.startedAtMs));
      }
      return [...byCallId.values()].sort((a, b) => a.index - b.index).map((p) => recordOf(p, server.received.get(p.callId) ?? [], starts.get(p.requestId), t0, input));
    },
  };
}

function recordOf(p: Pending, callbacks: readonly { atMs: number; status: number | null; duration: number | null }[], startMs: number | undefined, t0: number, input: AsyncRunInput): AsyncRequestRecord {
  const first = callbacks[0];
  const callback = first ? (first.atMs - t0) / 1000 : null;
  const timeToCallback = callback !== null && p.accepted !== null ? callback - p.sent : null;
  let queueWait: number | null = null;
  let queueWaitFrom: AsyncCallRecord['queueWaitFrom'] = null;
  if (startMs !== undefined && p.accepted !== null) {
    // Two clocks (this process's and the stage's Date.now(), same machine, ms resolution):
    // a start in the send's millisecond may read 1 ms early; that is 0, not negative.
    queueWait = Math.max(0, (startMs - p.sentAtMs) / 1000);
    queueWaitFrom = 'telemetry';
  } else if (timeToCallback !== null && first?.duration != null) {
    queueWait = Math.max(0, timeToCallback - first.duration);
    queueWaitFrom = 'callback';
  }
  const last = callbacks[callbacks.length - 1];
  const status = first?.status ?? null;
  const outcome: OutcomeName = p.failure?.outcome ?? (status === null ? 'aborted' : outcomeOfStatus(status));
  const end = p.failure?.at ?? callback ?? p.sent;
  return {
    index: p.index,
    arrival: p.arrival,
    sent: p.sent,
    end,
    outcome,
    latency: Math.max(0, end - p.arrival),
    attempts: [{ requestId: p.requestId, start: p.sent, outcome: p.failure?.outcome ?? 'ok', status: p.failure ? p.failure.status : 202, latency: p.failure?.latency ?? (p.accepted ?? p.sent) - p.sent, callId: p.callId }],
    calls: callbacks.filter((c) => c.duration !== null).map((c) => ({ fn: input.fn, outcome: c.status === null ? 'aborted' : outcomeOfStatus(c.status), latency: c.duration! })),
    async: {
      callId: p.callId, accepted: p.accepted, callback, status, duration: first?.duration ?? null, callbacks: callbacks.length,
      timeToCallback, queueWait, queueWaitFrom,
      gaveUp: last?.status != null && input.retryCodes.has(last.status),
    },
  };
}
