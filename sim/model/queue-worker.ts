// The queue-workers of asynchronous invocation (docs/async.md): the gateway answers
// `POST /async-function/<name>` with 202 and publishes the request to the function's queue;
// each queue's worker runs up to max_inflight of its messages at once, each a call through
// the gateway as any other (so a duplicate or a retry is real work on the cluster, in CPU,
// memory and GB-s). A delivered message left unacknowledged for ack_wait is delivered again
// while the first execution keeps running (unless the queue-worker extends its lease); a
// failure with a retried status is called again after an exponential back-off, up to the
// attempt limit, then given up. The message's result is posted to the callback URL.
// No random draws: the back-off has no jitter (the Pro queue-worker's default).
import type { Engine } from '../engine/engine.ts';
import type { AsyncConfig, QueueConfig } from './async-config.ts';
import { AsyncQueue, FRESH, REDELIVERY, RETRY } from './async-queue.ts';
import type { AsyncStats } from './async-stats.ts';
import type { Call } from './call.ts';
import { ABORTED, CLIENT_TIMEOUT, CLOSED, E429, E500, E502, E503, E504, OK, OOM } from './outcome.ts';
import type { CallOwner, Platform } from './platform.ts';

export const SINK_CLIENT = 0;
export const SINK_WORKFLOW = 1;

/** Who hears a message's final result: the client (its request ends then), or the
 * workflow runner (a Task it called asynchronously gets its callback). */
export interface JobSink {
  jobEnded(requestId: number, requestGen: number, code: number): void;
}

/** The HTTP status the queue-worker sees for a call's outcome. A broken or timed-out
 * connection is an error, not a status: Community Edition's worker reports it as 503
 * (nats-queue-worker main.go), and so does this model for Pro. An OOM-killed replica resets
 * the connection, which the gateway's proxy answers with 502; an aborted pipeline is the
 * orchestrator's 500. */
export function statusOf(code: number): number {
  switch (code) {
    case OK: return 200;
    case E429: return 429;
    case E500: case ABORTED: return 500;
    case E502: case OOM: return 502;
    case E504: return 504;
    case E503: case CLOSED: case CLIENT_TIMEOUT: return 503;
    default: return 500;
  }
}

/** Seconds before retry `n` (1 = the first): initialRetryWait doubled each time, capped. */
export function retryWait(q: Pick<QueueConfig, 'initialRetryWait' | 'maxRetryWait'>, n: number): number {
  return Math.min(q.maxRetryWait, q.initialRetryWait * Math.pow(2, n - 1));
}

class Job {
  gen = 0;
  fn = 0;
  queue = 0;
  sink = 0;
  requestId = 0;
  requestGen = 0;
  trace = -1;
  tAccepted = 0;
  started = false;
  ended = false;
  waitingRetry = false;
  /** Calls made by the queue-worker's retry count: 1 + retries so far. */
  attempts = 0;
  /** The current lease's token (0: none running out: acknowledged, nak'd or extended). */
  lease = 0;
  /** Entries in its queue, and executions running: it is reused only when both are 0. */
  queued = 0;
  running = 0;
  constructor(readonly id: number) {}
}

export class QueueWorker implements CallOwner {
  readonly queues: AsyncQueue[];
  private readonly inflight: Int32Array;
  private readonly pumping: Uint8Array;
  private readonly jobs: Job[] = [];
  private readonly free: Job[] = [];
  private readonly evLease: number;
  private readonly evRetry: number;
  private leaseSeq = 0;
  /** Jobs not yet reusable (see Job.queued): the run is not over while any is. */
  live = 0;
  /** This owner's index in the platform's owners. */
  ownerIndex = -1;
  /** Called when the last live job is done (the run may end). */
  onQuiet: () => void = () => {};

  constructor(
    private readonly engine: Engine,
    private readonly cfg: AsyncConfig,
    private readonly platform: Platform,
    private readonly stats: AsyncStats,
    /** Indexed by `submit`'s `sink`: the client first, then the workflow runner if any. */
    readonly sinks: JobSink[],
  ) {
    this.queues = cfg.queues.map(() => new AsyncQueue());
    this.inflight = new Int32Array(cfg.queues.length);
    this.pumping = new Uint8Array(cfg.queues.length);
    this.evLease = engine.on('ack_wait', (id, token) => this.onLease(id, token));
    this.evRetry = engine.on('async retry', (id, gen) => this.onRetry(id, gen));
  }

  /** The gateway accepts the request (202) and publishes it to the function's queue;
   * `sinks[sink]` hears its result. */
  submit(fn: number, sink: number, requestId: number, requestGen: number, trace: number): void {
    const j = this.free.pop() ?? this.newJob();
    j.gen++;
    j.fn = fn;
    j.sink = sink;
    j.queue = this.cfg.queueOf[fn]!;
    j.requestId = requestId;
    j.requestGen = requestGen;
    j.trace = trace;
    j.tAccepted = this.engine.now;
    j.started = j.ended = j.waitingRetry = false;
    j.attempts = 1;
    j.lease = 0;
    this.live++;
    this.stats.accepted++;
    this.enqueue(j, FRESH);
    this.pump(j.queue);
  }

  /** Messages waiting in queue `q` (for a slot or a retry's back-off), for the time series. */
  depth(q: number): number {
    return this.queues[q]!.depth;
  }

  /** Messages queue `q`'s worker is running. */
  running(q: number): number {
    return this.inflight[q]!;
  }

  private enqueue(j: Job, why: number): void {
    j.queued++;
    this.queues[j.queue]!.push(j.id, why);
    this.noteDepth(j.queue);
  }

  private noteDepth(qi: number): void {
    const q = this.queues[qi]!;
    q.noteDepth();
    if (q.maxDepth > this.stats.maxDepth[qi]!) this.stats.maxDepth[qi] = q.maxDepth;
  }

  /** Start what queue `qi`'s free slots allow, oldest first. A call can end before invoke
   * returns (429, 503), and its outcome pumps again: that inner pump leaves the work to the
   * outer loop, so the stack stays flat however long the queue. */
  private pump(qi: number): void {
    if (this.pumping[qi]) return;
    this.pumping[qi] = 1;
    try {
      this.drain(qi);
    } finally {
      this.pumping[qi] = 0;
    }
  }

  private drain(qi: number): void {
    const q = this.cfg.queues[qi]!;
    const queue = this.queues[qi]!;
    while (this.inflight[qi]! < q.maxInflight) {
      const entry = queue.shift();
      if (entry < 0) return;
      const j = this.jobs[entry >> 2]!;
      const why = entry & 3;
      j.queued--;
      // A pull consumer never fetches a message already acknowledged; a retry is void once
      // another execution ended the message. A pushed redelivery is already in the worker's
      // hands and runs regardless (see QueueConfig.pushRedelivery).
      const stale = why === RETRY ? j.ended : why === REDELIVERY && !q.pushRedelivery && (j.ended || j.waitingRetry);
      if (stale) {
        this.maybeFree(j);
        continue;
      }
      this.execute(j, q, why);
    }
  }

  private execute(j: Job, q: QueueConfig, why: number): void {
    const now = this.engine.now;
    this.inflight[j.queue]!++;
    j.running++;
    this.stats.executions++;
    if (why === REDELIVERY) this.stats.duplicates++;
    if (!j.started) {
      j.started = true;
      this.stats.queueWait.record(now - j.tAccepted);
    }
    // The lease starts at delivery: here, unless the redelivery was pushed (its lease was
    // renewed when it was pushed) or the worker keeps leases while calls run.
    if (!q.extendLease && !j.ended && !(why === REDELIVERY && q.pushRedelivery)) this.arm(j, q);
    this.platform.invoke(j.fn, this.ownerIndex, j.id, j.gen, q.upstreamTimeout, j.trace);
  }

  private arm(j: Job, q: QueueConfig): void {
    j.lease = ++this.leaseSeq;
    this.engine.after(q.ackWait, this.evLease, j.id, j.lease);
  }

  /** The lease ran out with the message unacknowledged: it is delivered again. */
  private onLease(id: number, token: number): void {
    const j = this.jobs[id]!;
    if (j.lease !== token || j.ended) return;
    j.lease = 0;
    const q = this.cfg.queues[j.queue]!;
    // A pull consumer has the message available once: not again while it waits for a slot.
    if (!q.pushRedelivery && j.queued > 0) return;
    this.stats.redeliveries++;
    this.enqueue(j, REDELIVERY);
    // NATS Streaming keeps redelivering every ack_wait until an ack; a pull consumer's
    // next lease starts when the worker fetches the message (execute).
    if (q.pushRedelivery) this.arm(j, q);
    this.pump(j.queue);
  }

  private onRetry(id: number, gen: number): void {
    const j = this.jobs[id]!;
    if (j.gen !== gen) return;
    this.queues[j.queue]!.backingOff--;
    j.waitingRetry = false;
    j.queued--;
    if (j.ended) return this.maybeFree(j);
    // Pulled, the message is one: a redelivery already waiting is this retry's delivery.
    if (!this.cfg.queues[j.queue]!.pushRedelivery && j.queued > 0) return;
    this.enqueue(j, RETRY);
    this.pump(j.queue);
  }

  /** A call's result reached the queue-worker (the platform's caller-facing outcome). */
  onOutcome(id: number, gen: number, _call: Call, code: number): void {
    const j = this.jobs[id]!;
    if (j.gen !== gen) return;
    const qi = j.queue;
    const q = this.cfg.queues[qi]!;
    this.inflight[qi]!--;
    j.running--;
    const retried = code !== OK && q.httpRetryCodes.has(statusOf(code));
    let posted = !retried; // a retried status posts nothing, unless it is the last attempt
    if (!j.ended) {
      if (code === OK) this.end(j, OK);
      else if (j.waitingRetry) {
        // Another execution's failure already scheduled the retry: this one changes nothing.
      } else if (retried && j.attempts < q.maxRetryAttempts) {
        // Nak with a delay: the slot is free during the back-off, which holds the job.
        j.lease = 0;
        j.waitingRetry = true;
        j.queued++;
        this.stats.retries++;
        this.queues[qi]!.backingOff++;
        this.noteDepth(qi);
        this.engine.after(retryWait(q, j.attempts), this.evRetry, j.id, j.gen);
        j.attempts++;
      } else {
        if (retried) {
          this.stats.giveUps++;
          posted = true; // given up: the last result is posted (docs/async.md)
        }
        this.end(j, code);
      }
    }
    if (posted && this.posts(j)) this.stats.callbacks++;
    this.maybeFree(j);
    this.pump(qi);
  }

  private end(j: Job, code: number): void {
    j.ended = true;
    j.lease = 0;
    if (this.posts(j)) this.stats.toResult.record(this.engine.now - j.tAccepted);
    this.sinks[j.sink]!.jobEnded(j.requestId, j.requestGen, code);
  }

  /** The client may pass no callback URL; the orchestrator always does for its steps. */
  private posts(j: Job): boolean {
    return j.sink !== SINK_CLIENT || this.cfg.callback;
  }

  private maybeFree(j: Job): void {
    if (!j.ended || j.queued > 0 || j.running > 0) return;
    j.gen++;
    this.free.push(j);
    this.live--;
    if (this.live === 0) this.onQuiet();
  }

  private newJob(): Job {
    const j = new Job(this.jobs.length);
    this.jobs.push(j);
    return j;
  }
}
