// The interpreter's pooled objects (workflow-runner.ts). A Run is one execution: the
// orchestrator call it belongs to, its state.json history, the counts of its top-level
// Maps. A Token is one thread of control in it, walking the states of one States (the
// machine, a Parallel branch, a Map item); a Token at a Parallel or Map waits there for
// the child tokens it spawns (the join). Both are reused, `gen` (bumped on reuse) making
// events still queued for an old use fall through, so a run allocates nothing once the
// pools have grown.
import type { Engine } from '../engine/engine.ts';

export class Run {
  gen = 0;
  call: import('./call.ts').Call | null = null;
  callGen = 0;
  liveTokens = 0;
  /** Writes to state.json so far; bumps[i] is when write i landed (in time order). */
  stateVersion = 0;
  bumps = new Float64Array(16);
  done = false;
  trace = -1;
  /** Items of each top-level Map (plan.maps[m].topSlot), drawn when the run begins. */
  readonly counts: Int32Array;
  constructor(
    readonly id: number,
    topMaps: number,
  ) {
    this.counts = new Int32Array(topMaps);
  }

  // The two below take the token and the engine rather than a time: a double passed to a
  // call V8 does not inline is boxed, an allocation per state write.

  /** A write lands now. */
  bump(engine: Engine): void {
    if (this.stateVersion === this.bumps.length) {
      const more = new Float64Array(this.bumps.length * 2);
      more.set(this.bumps);
      this.bumps = more;
    }
    this.bumps[this.stateVersion++] = engine.now;
  }

  /** How many writes landed after t's read returned (all have landed by now). */
  writesSinceRead(t: Token): number {
    const readAt = t.readAt;
    let i = this.stateVersion;
    while (i > 0 && this.bumps[i - 1]! > readAt) i--;
    return this.stateVersion - i;
  }
}

export class Token {
  gen = 0;
  run: Run | null = null;
  parent: Token | null = null;
  /** The state it is at (a plan state id). */
  state = 0;
  /** Item indices of the first two Map levels around it (-1: none), for spans. */
  clip = -1;
  frame = -1;
  fn = 0;
  /** Per retrier of its Task, the retries made so far. */
  readonly attempts: Int32Array;
  /** 429s its Task's call has met so far (the orchestrator's overload retries). */
  overloadTries = 0;
  stateAttempts = 0;
  readAt = 0; // when the state.json read of the write in flight returns
  raced = false; // temp-file: its upload began while another of the same process was under way
  /** Its outcome to come is the orchestrator's own work after a Task's call, not a call. */
  working = false;
  // At a Parallel or Map: branches or items in all, the next to start, how many are running,
  // how many may run at once, and whether it is in its spawning loop right now.
  items = 0;
  nextItem = 0;
  running = 0;
  limit = 0;
  spawning = false;
  constructor(
    readonly id: number,
    retriers: number,
  ) {
    this.attempts = new Int32Array(retriers);
  }
}
