// One invocation of a function through the gateway. Calls are pooled: a finished call's
// object is reused, and `gen` (bumped on reuse) invalidates events still queued for the
// old one. This keeps millions of calls from allocating millions of objects.
import type { Replica } from './replica.ts';

export const OWNER_CLIENT = 0;
export const OWNER_WORKFLOW = 1;

export class Call {
  gen = 0;
  fn = 0;
  owner = 0;
  ownerId = 0;
  ownerGen = 0;
  trace = -1; // request sequence number when its spans are sampled, else -1
  clip = -1;
  frame = -1;
  driven = false; // an orchestrator call: its work is the pipeline it drives
  drivenStarted = false;
  /** Not a call through the gateway: work the orchestrator does itself on its replica
   * between stage calls (Platform.orchestratorWork). No stats, no deadlines. */
  internal = false;
  tArrive = 0;
  tRoute = NaN;
  tResolved = NaN;
  clientDeadline = Infinity;
  execDeadline = Infinity;
  replica: Replica | null = null;
  resolved = false;
  outcome = 0;
  running = false; // its work is still executing somewhere
  holdsSlot = false; // it holds a watchdog in-flight slot
  held = false; // waiting on scale from zero
  cold = false; // waited for a new replica (scale from zero, or a new lambda instance)
  firstCall = false; // the first call of its replica's process
  pooled = false; // back in the pool: nothing may touch it until it is allocated again

  constructor(readonly id: number) {}
}

export class CallPool {
  readonly calls: Call[] = [];
  private readonly free: number[] = [];

  alloc(): Call {
    const id = this.free.pop();
    if (id !== undefined) {
      const c = this.calls[id]!;
      c.gen++;
      c.pooled = false;
      c.trace = -1;
      c.clip = -1;
      c.frame = -1;
      c.driven = false;
      c.drivenStarted = false;
      c.internal = false;
      c.tRoute = NaN;
      c.tResolved = NaN;
      c.clientDeadline = Infinity;
      c.execDeadline = Infinity;
      c.replica = null;
      c.resolved = false;
      c.outcome = 0;
      c.running = false;
      c.holdsSlot = false;
      c.held = false;
      c.cold = false;
      c.firstCall = false;
      return c;
    }
    const c = new Call(this.calls.length);
    this.calls.push(c);
    return c;
  }

  /** Returns the call to the pool once nothing refers to it any more. */
  release(c: Call): void {
    if (c.pooled) return;
    c.pooled = true;
    c.gen++;
    this.free.push(c.id);
  }

  get live(): number {
    return this.calls.length - this.free.length;
  }
}
