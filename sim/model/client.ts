// The users: arrivals from the workload, each a request with a timeout per attempt and
// retries (exponential backoff with jitter). Retried attempts re-enter the platform and are
// counted. A request ends exactly once, with its final outcome and end-to-end latency.
import type { Uniform } from '../dist/spec.ts';
import type { Engine } from '../engine/engine.ts';
import type { ArrivalSource } from '../workload/arrivals.ts';

/** Arrivals; a multi-function source (trace replay) also says which function each is for. */
export type ClientArrivals = ArrivalSource & { fn?: number };
import { type Call, OWNER_CLIENT } from './call.ts';
import type { SimConfig } from './config.ts';
import { ABORTED, OK, OUTCOME_NAMES } from './outcome.ts';
import type { CallOwner, Platform } from './platform.ts';
import type { FailureCause } from '../scenario/types.ts';
import { type JobSink, type QueueWorker, SINK_CLIENT } from './queue-worker.ts';

class Request {
  gen = 0;
  seq = 0;
  fn = 0; // the function it calls
  tStart = 0;
  attempt = 0;
  active = false;
  constructor(readonly id: number) {}
}

/** Seconds before attempt `attempt + 1`: min(maxBackoff, backoff·multiplier^(attempt−1)),
 * scaled into [1 − jitter, 1] by a uniform draw `u`. Live runs wait the same (live/run/runner.ts). */
export function backoffDelay(c: SimConfig['client'], attempt: number, u: number): number {
  const base = Math.min(c.maxBackoff, c.backoff * Math.pow(c.multiplier, attempt - 1));
  return base * (1 - c.jitter + c.jitter * u);
}

export class Client implements CallOwner, JobSink {
  private readonly requests: Request[] = [];
  private readonly free: Request[] = [];
  private readonly evArrival: number;
  private readonly evRetry: number;
  private readonly targetFn: number;
  private seq = 0;
  active = 0;
  arrivalsDone = false;
  /** Called whenever the client may be done (no arrivals left, no request active). */
  onQuiet: () => void = () => {};
  /** Asynchronous invocation: requests go to the queue-worker (202), and each ends when its
   * message's result is known (time to result). Null: synchronous calls. */
  queue: QueueWorker | null = null;

  constructor(
    private readonly engine: Engine,
    private readonly cfg: SimConfig,
    private readonly platform: Platform,
    private readonly arrivals: ClientArrivals,
    private readonly retryJitter: Uniform,
  ) {
    this.targetFn = cfg.target === 'workflow' ? cfg.workflow!.orchestrator : cfg.target === 'trace' ? -1 : cfg.target;
    this.evArrival = engine.on('arrival', () => this.onArrival());
    this.evRetry = engine.on('retry', (id, gen) => this.onRetry(id, gen));
  }

  start(): void {
    this.scheduleNextArrival();
  }

  private scheduleNextArrival(): void {
    const t = this.arrivals.next();
    if (t === Infinity) {
      this.arrivalsDone = true;
      if (this.active === 0) this.onQuiet();
      return;
    }
    this.engine.at(t, this.evArrival);
  }

  private onArrival(): void {
    const r = this.free.pop() ?? this.newRequest();
    r.gen++;
    r.seq = this.seq++;
    r.tStart = this.engine.now;
    r.attempt = 0;
    r.fn = this.targetFn >= 0 ? this.targetFn : this.arrivals.fn!;
    r.active = true;
    this.active++;
    this.platform.rec.requests++;
    // The next arrival is scheduled before this attempt runs, so same-time arrivals keep order.
    this.scheduleNextArrival();
    this.attempt(r);
  }

  private attempt(r: Request): void {
    r.attempt++;
    this.platform.rec.attempts++;
    const trace = r.seq < this.cfg.output.spans ? r.seq : -1;
    if (this.queue) return this.queue.submit(r.fn, SINK_CLIENT, r.id, r.gen, trace);
    this.platform.invoke(r.fn, OWNER_CLIENT, r.id, r.gen, this.cfg.client.timeout, trace);
  }

  private onRetry(id: number, gen: number): void {
    const r = this.requests[id]!;
    if (r.gen === gen && r.active) this.attempt(r);
  }

  onOutcome(id: number, gen: number, _call: Call, code: number): void {
    const r = this.requests[id]!;
    if (r.gen !== gen || !r.active) return;
    const c = this.cfg.client;
    if (code !== OK && r.attempt < c.attempts && c.retryOn.has(OUTCOME_NAMES[code] as FailureCause)) {
      this.engine.after(backoffDelay(c, r.attempt, this.retryJitter()), this.evRetry, r.id, r.gen);
      return;
    }
    this.end(r, code);
  }

  /** An asynchronous request's message ended (acknowledged or given up): its result. */
  jobEnded(id: number, gen: number, code: number): void {
    const r = this.requests[id]!;
    if (r.gen === gen && r.active) this.end(r, code);
  }

  private end(r: Request, code: number): void {
    const rec = this.platform.rec;
    rec.outcomes[code]!++;
    if (code === OK) rec.e2e.record(this.engine.now - r.tStart);
    r.active = false;
    r.gen++;
    this.free.push(r);
    this.active--;
    if (this.active === 0 && this.arrivalsDone) this.onQuiet();
  }

  /** The drain limit passed: whatever is still going ends as aborted. */
  cutOff(): void {
    for (const r of this.requests) if (r.active) this.end(r, ABORTED);
  }

  private newRequest(): Request {
    const r = new Request(this.requests.length);
    this.requests.push(r);
    return r;
  }
}
