// The measuring steps. Each appends one raw record per call to its work-dir step, so an
// interrupted run keeps every finished call and a re-run continues where it stopped.
import { setTimeout as sleep } from 'node:timers/promises';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ensureBucket } from '../../stages/runtime/ensure-bucket.ts';
import { RequestError } from '../../live/openfaas/errors.ts';
import { TargetError } from '../errors.ts';
import { failureDetail, invoke, measuredOf, measureOk, StageCallError } from './invoke.ts';
import type { Plan } from './plan.ts';
import type { Target } from './target.ts';
import type { WorkDir } from './work-dir.ts';

/** `init` and `firstCall` come from telemetry: absent for a function without it (--function). */
export interface ColdRecord { latency: number; xDuration: number | null; duration: number; init?: number; firstCall?: boolean }
/** A cold call that failed with a 5xx right after the scale from zero (cold-failures.ts). */
export interface ColdFailureRecord { status: number; latency: number; detail: string }
export interface WarmRecord {
  latency: number;
  xDuration: number | null;
  duration: number;
  /** CPU seconds and RSS from telemetry: absent for a function without it (--function). */
  cpu?: number;
  rss?: number;
  /** CPU seconds this process used during the call: on the embedded target, the gateway, provider and S3 server live here. */
  platformCpu?: number;
  /** When the call was sent, Unix seconds: the node-speed estimate's clock (turns are spaced by calls and idle gaps). */
  at?: number;
}
export interface ContentionRecord { concurrency: number; status: number; duration: number | null }
export interface S3Record { op: 'get' | 'put'; bytes: number; seconds: number }

export interface StepContext {
  t: Target;
  work: WorkDir;
  plan: Plan;
  /** The request body of call `i` of a step: an object (a stage's input) or a --body file's text. */
  body(stage: string, step: string, i: number): object | string;
  /** Whether every answer must carry FAVE's telemetry (the stages) or may not (--function). */
  telemetry: 'required' | 'optional';
  tick(label: string): void;
  /** Skipped steps and why (go to measured.notes). */
  notes: string[];
  signal: AbortSignal;
}

export class Interrupted extends Error {}

/** Well past the gateway's replica-cache expiry (250 ms by default). */
const GATEWAY_CACHE_WAIT_MS = 1_000;

function check(signal: AbortSignal): void {
  if (signal.aborted) throw new Interrupted('interrupted');
}

async function waitFor(t: Target, stage: string, what: string, ok: (replicas: number, available: number) => boolean, limitMs = 180_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const s = await t.api.status(stage);
    if (!s) throw new TargetError(`${stage} is not deployed on ${t.url}`);
    if (ok(s.replicas ?? 0, s.availableReplicas ?? 0)) return;
    if (Date.now() > deadline) throw new TargetError(`${stage}: not ${what} after ${limitMs / 1000} s (replicas ${s.replicas}, available ${s.availableReplicas})`);
    await sleep(50);
  }
}

/** One replica of `stage`, ready to take calls. */
export async function oneReady(c: StepContext, stage: string): Promise<void> {
  await c.t.api.scale(stage, 1);
  await waitFor(c.t, stage, 'ready at 1 replica', (_r, a) => a >= 1);
}

/**
 * Warm sequential calls into one replica of each stage, taken in turns: call i of every
 * stage, then call i + 1, then `warmGap` seconds idle. A machine whose speed drifts over
 * minutes (a shared VM: measured here, a slow minute made one stage's warm median 15% high)
 * then biases every stage alike instead of whichever one it was measuring, the gaps spread
 * the turns over more of the drift, and the stages alternate as they do in a pipeline. A
 * first call of a fresh process is not a warm sample: telemetry says which; a function
 * without it (--function) gets one unrecorded warm-up call per run instead.
 */
export async function warmSteps(c: StepContext, stages: readonly string[]): Promise<void> {
  const pending = stages.filter((s) => c.work.records<WarmRecord>(`${s}.warm`).length < c.plan.warm);
  for (const stage of pending) await oneReady(c, stage);
  const turns = new Map(pending.map((s) => [s, { i: c.work.records<WarmRecord>(`${s}.warm`).length, discarded: 0 }]));
  while (turns.size > 0) {
    for (const [stage, turn] of turns) {
      check(c.signal);
      const step = `${stage}.warm`;
      const before = process.cpuUsage();
      const at = Date.now() / 1000;
      const r = await measureOk(c.t.url, stage, c.body(stage, 'warm', turn.i++), c.telemetry);
      const used = process.cpuUsage(before);
      const warmUp = r.firstCall === undefined ? turn.discarded === 0 : r.firstCall && turn.discarded < 3;
      if (warmUp) {
        turn.discarded++;
        continue;
      }
      c.work.append<WarmRecord>(step, {
        latency: r.latency, xDuration: r.xDuration ?? null, duration: r.duration,
        ...(r.cpu !== undefined ? { cpu: r.cpu } : {}), ...(r.rss !== undefined ? { rss: r.rss } : {}),
        // The platform's share is added to the function's own CPU: without that, nothing to add it to.
        ...(c.t.kind === 'embedded' && r.cpu !== undefined ? { platformCpu: (used.user + used.system) / 1e6 } : {}),
        at,
      });
      c.tick(`${stage} warm`);
      if (c.work.records<WarmRecord>(step).length >= c.plan.warm) turns.delete(stage);
    }
    if (turns.size > 0 && c.plan.warmGap > 0) {
      await sleep(c.plan.warmGap * 1000, undefined, { signal: c.signal }).catch(() => undefined);
    }
  }
}

/** Rounds of `c` simultaneous calls into one replica per concurrency level. */
export async function contentionStep(c: StepContext, stage: string): Promise<void> {
  if (c.plan.contentionCalls === 0) return;
  await oneReady(c, stage);
  // of-watchdog refuses calls past max_inflight with 429: a level above it would measure
  // refusals, not slowdowns, so the steps stop at the function's own limit.
  const limit = maxInflightOf(await c.t.api.status(stage));
  const levels = limit === undefined ? c.plan.concurrency : c.plan.concurrency.filter((l) => l <= limit);
  const skipped = c.plan.concurrency.filter((l) => !levels.includes(l));
  if (skipped.length > 0) c.notes.push(`${stage}: contention measured up to its max_inflight ${limit}; ${skipped.join(', ')} calls at once skipped (of-watchdog would refuse the rest with 429).`);
  // The progress bar counted those calls: they are ticked as skipped so it still ends at its total.
  for (const level of skipped) {
    for (let i = 0; i < Math.ceil(c.plan.contentionCalls / level) * level; i++) c.tick(`${stage} contention ${level} (skipped)`);
  }
  for (const level of levels) {
    const step = `${stage}.contention.${level}`;
    const done = c.work.records<ContentionRecord>(step);
    const want = Math.ceil(c.plan.contentionCalls / level) * level;
    while (done.length < want) {
      check(c.signal);
      const round = done.length;
      const results = await Promise.all(Array.from({ length: level }, (_, k) => invoke(c.t.url, stage, c.body(stage, `c${level}`, round + k))));
      for (const r of results) {
        const m = r.status === 200 ? measuredOf(r, c.telemetry) : undefined;
        c.work.append<ContentionRecord>(step, { concurrency: level, status: r.status, duration: m ? m.duration : null });
        c.tick(`${stage} contention ${level}`);
      }
    }
  }
}

/** The function's max_inflight env (of-watchdog's concurrency limit), when set and positive. */
export function maxInflightOf(status: { envVars?: Record<string, string> } | undefined): number | undefined {
  const raw = status?.envVars?.max_inflight;
  const n = raw === undefined ? NaN : Number(raw);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

/** Scale to zero, wait until gone, invoke: the gateway scales from zero and holds the call. */
export async function coldStep(c: StepContext, stage: string): Promise<void> {
  const step = `${stage}.cold`;
  const done = c.work.records<ColdRecord>(step);
  const failed = c.work.records<ColdFailureRecord>(`${stage}.cold-failed`);
  // plan.cold attempts, failed ones included: a platform that fails every first call (a
  // watchdog saying ready too early) must be reported, not retried until it happens to work.
  for (let i = done.length + failed.length; done.length + failed.length < c.plan.cold; i++) {
    check(c.signal);
    try {
      await c.t.api.scale(stage, 0);
    } catch (e) {
      if (e instanceof RequestError && e.status === 400) {
        c.notes.push(`${stage}: cold starts not measured: the platform refused zero replicas (${e.message}); OpenFaaS Community Edition cannot scale to zero.`);
        return;
      }
      throw e;
    }
    const s = await c.t.api.status(stage);
    if ((s?.replicas ?? 0) > 0) {
      c.notes.push(`${stage}: cold starts not measured: the platform kept ${s?.replicas} replica(s) when asked for zero (Community Edition clamps to 1).`);
      return;
    }
    await waitFor(c.t, stage, 'at zero replicas', (r, a) => r === 0 && a === 0);
    // The gateway caches a function's available replicas (OpenFaaS CacheExpiry, 250 ms):
    // called sooner, it still believes the old replica is there, skips scaling from zero and
    // the provider answers 503 "No endpoints available". A real client would see that too;
    // a cold-start measurement must not.
    await sleep(GATEWAY_CACHE_WAIT_MS, undefined, { signal: c.signal }).catch(() => undefined);
    check(c.signal);
    const r = await invoke(c.t.url, stage, c.body(stage, 'cold', i));
    if (r.status >= 500) {
      // Kept apart, never averaged into firstCall or containerStart: a failure is no cold start.
      c.work.append<ColdFailureRecord>(`${stage}.cold-failed`, { status: r.status, latency: r.latency, detail: failureDetail(r).slice(0, 200) });
      c.tick(`${stage} cold`);
      continue;
    }
    const m = r.status === 200 ? measuredOf(r, c.telemetry) : undefined;
    if (!m) throw new StageCallError(stage, r.status, r.status === 200 ? 'the answer carries no valid telemetry (`metrics`)' : failureDetail(r));
    c.work.append<ColdRecord>(step, {
      latency: m.latency, xDuration: m.xDuration ?? null, duration: m.duration,
      ...(m.init !== undefined ? { init: m.init } : {}), ...(m.firstCall !== undefined ? { firstCall: m.firstCall } : {}),
    });
    c.tick(`${stage} cold`);
  }
}

/** PUT then GET of objects of each size, `s3Reps` times. */
export async function s3Step(c: StepContext): Promise<void> {
  const s3 = c.t.s3;
  if (!s3) {
    if (c.plan.s3Reps > 0 && c.plan.s3Sizes.length > 0) c.notes.push('s3 not measured: no S3_ENDPOINT given (the functions calibrated may use none); the simulator\'s state.json reads and writes need overheads.s3Get / s3Put from another profile or the scenario.');
    for (const bytes of c.plan.s3Sizes) for (let i = c.work.records(`s3.${bytes}`).length; i < c.plan.s3Reps * 2; i++) c.tick(`s3 ${bytes} B (skipped)`);
    return;
  }
  // With --function, no input was uploaded before: the bucket may not exist yet.
  await ensureBucket(s3, c.t.bucket);
  for (const bytes of c.plan.s3Sizes) {
    const step = `s3.${bytes}`;
    const done = c.work.records<S3Record>(step);
    const payload = Buffer.alloc(bytes, 7);
    // Records alternate put, get for the same key; an odd count (interrupted between the
    // two) resumes with the missing get.
    while (done.length < c.plan.s3Reps * 2) {
      check(c.signal);
      const i = Math.floor(done.length / 2);
      const Key = `calibrate/s3/${bytes}-${i}`;
      if (done.length % 2 === 0) {
        const t0 = performance.now();
        await s3.send(new PutObjectCommand({ Bucket: c.t.bucket, Key, Body: payload }));
        c.work.append<S3Record>(step, { op: 'put', bytes, seconds: (performance.now() - t0) / 1000 });
      } else {
        const t0 = performance.now();
        const out = await s3.send(new GetObjectCommand({ Bucket: c.t.bucket, Key }));
        await out.Body!.transformToByteArray();
        c.work.append<S3Record>(step, { op: 'get', bytes, seconds: (performance.now() - t0) / 1000 });
      }
      c.tick(`s3 ${bytes} B`);
    }
  }
}
