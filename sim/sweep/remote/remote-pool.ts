// Runs sweep shards as OpenFaaS async invocations of the `sim-runner` function:
// POST /async-function/sim-runner with X-Callback-Url, results collected by callback.
// Network I/O, so sim/'s purity rule keeps it here: only the sweep CLI imports this folder.
//
// Matching: each attempt gets its own callback path (/sweep/<run token>/<shard>/<attempt>),
// so a callback is matched without trusting the gateway's call ids (a real gateway may
// mint its own); X-Call-Id is only shown in messages. A shard that answers 4xx (a body
// the function rejects) fails at once; one that answers 429/5xx, cannot be submitted or
// does not call back within the timeout is sent again, up to `retries` times. Duplicate
// callbacks (the queue worker redelivers past ack_wait) and late ones from an earlier
// attempt are harmless: the first good result wins and every attempt computes the same.
import { randomUUID } from 'node:crypto';
import type { SeedRun } from '../metrics.ts';
import { planShards } from '../plan-shards.ts';
import { SweepAbortedError } from '../pool.ts';
import type { TaskPool } from '../run-sweep.ts';
import { parseShardResult, type Shard, type ShardResult } from '../shard.ts';
import { fromWire, toWire } from '../wire.ts';
import { type Callback, startCallbackServer } from './callback-server.ts';
import { EXIT, FaveError } from '../../process/errors.ts';

export interface RemoteOptions {
  /** Gateway base URL, e.g. http://127.0.0.1:8080. */
  gatewayUrl: string;
  functionName?: string; // default sim-runner
  /** Base URL the gateway can reach the callback server at; default the server's own. */
  callbackUrl?: string;
  /** Port the callback server binds on 127.0.0.1; default 0 (any free port). */
  callbackPort?: number;
  /** From the gateway's 202 to the callback, per attempt. Default 600 s. */
  timeoutMs?: number;
  /** Attempts after the first for a shard that failed in a way worth retrying. Default 2. */
  retries?: number;
  /** Shards submitted and not yet finished. Default 8. */
  inflight?: number;
  /** Wait before a retry, doubled each time. Default 1000 ms. */
  retryDelayMs?: number;
  signal?: AbortSignal;
  onEvent?: (e: ShardEvent) => void;
}

export type ShardEvent =
  | { kind: 'start'; shards: number; gateway: string; callback: string }
  | { kind: 'sent'; shard: Shard; attempt: number; callId: string | null }
  | { kind: 'done'; shard: Shard; attempt: number; seconds: number; done: number; total: number }
  | { kind: 'retry'; shard: Shard; attempt: number; reason: string }
  | { kind: 'failed'; shard: Shard; reason: string };

export interface ShardFailure {
  shard: Shard;
  reason: string;
}

/** Some shards failed for good: each with why. Nothing of the sweep is written. */
export class SweepShardsError extends FaveError {
  /** Remote shards failed: not the sweep file's fault. */
  override readonly exitCode = EXIT.failed;
  constructor(readonly failures: ShardFailure[], readonly total: number) {
    super(
      `${failures.length} of ${total} shard${total === 1 ? '' : 's'} failed:\n` +
        failures.map((f) => `  shard ${f.shard.id} (${describeShard(f.shard)}): ${f.reason}`).join('\n'),
    );
    this.name = 'SweepShardsError';
  }
}

export function describeShard(s: Shard): string {
  const seeds = s.seeds.length === 1 ? `seed ${s.seeds[0]}` : `seeds ${s.seeds[0]}-${s.seeds[s.seeds.length - 1]}`;
  return `point ${s.point}, ${seeds}`;
}

interface State {
  attempt: number;
  /** The last attempt that already failed: its late 202 must not start a timeout. */
  failed: number;
  settled: boolean;
  sentAt: number;
  timeout?: NodeJS.Timeout;
  retry?: NodeJS.Timeout;
}

const stopTimers = (st: State) => {
  clearTimeout(st.timeout);
  clearTimeout(st.retry);
};

/** The message an error body carries ({error: {message}} from the stage runtime), else its text. */
function reasonOf(fn: string, status: number | null, body: Buffer): string {
  const text = body.toString('utf8');
  let message = text.trim();
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } };
    if (typeof parsed.error?.message === 'string') message = parsed.error.message;
  } catch {
    // not JSON: keep the text
  }
  if (message.length > 2000) message = `${message.slice(0, 2000)}…`;
  // OpenFaaS accepts an async call to any name; an unknown function shows up here as 404.
  const hint = status === 404 ? ` (is the function '${fn}' deployed on this gateway?)` : '';
  return `${fn} answered ${status ?? 'no status'}${message ? `: ${message}` : ' with an empty body'}${hint}`;
}

/** Whether a failure may go away on another attempt (overload, timeouts, crashes). */
const transient = (status: number | null) => status === null || status === 429 || status >= 500;

export async function runShardsRemote(shards: Shard[], opts: RemoteOptions): Promise<ShardResult[]> {
  const results: ShardResult[] = new Array(shards.length);
  if (shards.length === 0) return results;
  const fn = opts.functionName ?? 'sim-runner';
  const timeoutMs = opts.timeoutMs ?? 600_000;
  const retries = opts.retries ?? 2;
  const inflight = Math.max(1, opts.inflight ?? 8);
  const retryDelayMs = opts.retryDelayMs ?? 1000;
  const emit = opts.onEvent ?? (() => undefined);
  const submitUrl = `${opts.gatewayUrl.replace(/\/+$/, '')}/async-function/${fn}`;
  const token = randomUUID();
  const bodies = shards.map((s) => JSON.stringify(toWire(s)));
  const states: State[] = shards.map(() => ({ attempt: 0, failed: 0, settled: false, sentAt: 0 }));
  const failed: Array<ShardFailure & { i: number }> = [];
  let next = 0;
  let active = 0;
  let finished = 0;
  let done = 0;

  return new Promise<ShardResult[]>((resolve, reject) => {
    let over = false;
    // Assigned once the server listens; callbacks cannot arrive before that.
    let close: () => Promise<void> = async () => undefined;
    const end = (err: Error | null) => {
      if (over) return;
      over = true;
      for (const st of states) stopTimers(st);
      opts.signal?.removeEventListener('abort', onAbort);
      void close().then(() => (err ? reject(err) : resolve(results)));
    };
    const onAbort = () => end(new SweepAbortedError());

    const settle = (i: number, outcome: { result: ShardResult; attempt: number } | { reason: string }) => {
      const st = states[i]!;
      if (st.settled || over) return;
      st.settled = true;
      stopTimers(st);
      active--;
      finished++;
      if ('result' in outcome) {
        results[i] = outcome.result;
        emit({ kind: 'done', shard: shards[i]!, attempt: outcome.attempt, seconds: (Date.now() - st.sentAt) / 1000, done: ++done, total: shards.length });
      } else {
        failed.push({ i, shard: shards[i]!, reason: outcome.reason });
        emit({ kind: 'failed', shard: shards[i]!, reason: outcome.reason });
      }
      if (finished === shards.length) {
        const failures = failed.sort((a, b) => a.i - b.i).map(({ shard, reason }) => ({ shard, reason }));
        return end(failures.length ? new SweepShardsError(failures, shards.length) : null);
      }
      pump();
    };

    // The attempt `attempt` of shard i failed; only the latest attempt decides.
    const fail = (i: number, attempt: number, reason: string, retry: boolean) => {
      const st = states[i]!;
      if (st.settled || over || attempt !== st.attempt || attempt === st.failed) return;
      st.failed = attempt;
      stopTimers(st);
      if (!retry || st.attempt > retries) return settle(i, { reason: retry ? `${reason} (after ${st.attempt} attempt${st.attempt === 1 ? '' : 's'})` : reason });
      emit({ kind: 'retry', shard: shards[i]!, attempt: st.attempt, reason });
      st.retry = setTimeout(() => void submit(i), retryDelayMs * 2 ** (st.attempt - 1));
    };

    const submit = async (i: number) => {
      const st = states[i]!;
      if (st.settled || over) return;
      const attempt = ++st.attempt;
      st.sentAt = Date.now();
      const callbackUrl = `${callbackBase}/sweep/${token}/${i}/${attempt}`;
      let res: Response;
      try {
        res = await fetch(submitUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-callback-url': callbackUrl }, body: bodies[i]! });
      } catch (e) {
        const cause = (e as Error & { cause?: { message?: string } }).cause?.message; // undici hides ECONNREFUSED there
        return fail(i, attempt, `cannot reach ${submitUrl}: ${(e as Error).message}${cause ? ` (${cause})` : ''}`, true);
      }
      const text = await res.text().catch(() => '');
      if (res.status !== 202) {
        const hint = res.status === 404 ? ` (is the function '${fn}' deployed on this gateway?)` : '';
        return fail(i, attempt, `the gateway answered ${res.status} to ${submitUrl}${hint}${text ? `: ${text.trim().slice(0, 500)}` : ''}`, transient(res.status));
      }
      if (st.settled || over || attempt !== st.attempt || attempt === st.failed) return;
      emit({ kind: 'sent', shard: shards[i]!, attempt, callId: res.headers.get('x-call-id') });
      st.timeout = setTimeout(() => fail(i, attempt, `no callback within ${timeoutMs / 1000} s`, true), timeoutMs);
    };

    const pump = () => {
      while (!over && active < inflight && next < shards.length) {
        active++;
        void submit(next++);
      }
    };

    const onCallback = (cb: Callback): boolean => {
      const m = /^\/sweep\/([^/]+)\/(\d+)\/(\d+)$/.exec(cb.path);
      if (!m || m[1] !== token) return false;
      const i = Number(m[2]);
      const attempt = Number(m[3]);
      const st = states[i];
      if (!st || attempt < 1 || attempt > st.attempt) return false;
      if (st.settled || over) return true; // a duplicate or a late attempt: already answered
      if (cb.status !== 200) {
        // A late failure of an earlier attempt says nothing about the one in flight.
        fail(i, attempt, `${reasonOf(fn, cb.status, cb.body)}${cb.callId ? ` (call ${cb.callId})` : ''}`, transient(cb.status));
        return true;
      }
      try {
        const result = parseShardResult(fromWire(JSON.parse(cb.body.toString('utf8'))), shards[i]!);
        settle(i, { result, attempt });
      } catch (e) {
        // A 200 we cannot read is a sim-runner of another version: retrying will not help.
        settle(i, { reason: `unreadable result${cb.callId ? ` (call ${cb.callId})` : ''}: ${(e as Error).message.slice(0, 500)}` });
      }
      return true;
    };

    let callbackBase = '';
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort);
    startCallbackServer(onCallback, { port: opts.callbackPort, publicUrl: opts.callbackUrl }).then(
      (server) => {
        close = server.close;
        callbackBase = (opts.callbackUrl ?? server.url).replace(/\/+$/, '');
        if (over) return void close();
        emit({ kind: 'start', shards: shards.length, gateway: submitUrl, callback: callbackBase });
        pump();
      },
      (e: Error) => end(new Error(`cannot start the callback server on 127.0.0.1:${opts.callbackPort ?? 0}: ${e.message}`)),
    );
  });
}

export interface RemotePoolOptions extends Omit<RemoteOptions, 'signal'> {
  /** Seeds per shard; default all of a point's seeds in one shard. */
  seedsPerShard?: number;
}

/** A sweep TaskPool that runs the tasks as remote shards. */
export function remotePool(opts: RemotePoolOptions): TaskPool {
  return async (tasks, job, poolOpts) => {
    const planned = planShards(tasks, job, opts.seedsPerShard);
    let tasksDone = 0;
    const results = await runShardsRemote(
      planned.map((p) => p.shard),
      {
        ...opts,
        signal: poolOpts.signal,
        onEvent: (e) => {
          opts.onEvent?.(e);
          if (e.kind !== 'done') return;
          const p = planned.find((x) => x.shard === e.shard)!;
          for (const id of p.taskIds) poolOpts.onProgress?.(++tasksDone, tasks.length, tasks[id]!);
        },
      },
    );
    const runs: SeedRun[] = new Array(tasks.length);
    planned.forEach((p, k) => p.taskIds.forEach((id, j) => {
      const { summary, e2e } = results[k]!.runs[j]!;
      runs[id] = { summary, e2e };
    }));
    return runs;
  };
}
