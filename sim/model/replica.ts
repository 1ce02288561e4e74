// A replica (a container running one function process) and its processor-sharing job set.
// Every job on a replica progresses at the same rate, so the replica keeps one virtual
// clock and a min-heap of job finish targets on that clock: a change in rate costs
// O(1) per replica, and only the earliest job ever has an event scheduled.
import type { FnState } from './fn-state.ts';
import type { NodeState } from './node-state.ts';

export const STARTING = 0; // container starting (a delay, no CPU)
export const INITIALISING = 1; // process loading modules (CPU work, an init job)
export const PROBING = 2; // process healthy, waiting for the readiness probe to pass
export const READY = 3;
export const DRAINING = 4; // scaled down: takes no calls, finishes what it has
export const DEAD = 5;

export const INIT_JOB = -1; // job id of the process-init work
/** Job id of a process's first-call work (lazy imports, model load): the calls that arrive
 * meanwhile wait for it, as Python's import lock or a shared lazy-load promise makes them. */
export const PRIME_JOB = -2;

const NO_WORK = new Float64Array(0);
const NO_JOBS = new Int32Array(0);

export class Replica {
  state = STARTING;
  /** Bumped on kill/restart so stale lifecycle events are ignored. */
  lifeGen = 0;
  /** Bumped whenever the next-completion event is rescheduled. */
  completionGen = 0;
  inflight = 0; // watchdog slots held by calls
  /** Pipelines this orchestrator process drives (from the end of its call's start-up work to
   * the pipeline's end): work with no job here, and no slot once the watchdog's exec timeout
   * has freed it, yet the process is busy with it, so the replica is not idle (a scale-down
   * drains it, as it does orphaned jobs) and its object is not reused while it runs. */
  driving = 0;
  firstCallPending = true;
  /** Its first-call work (PRIME_JOB) is running: calls wait until it is done. */
  priming = false;
  readyAt = NaN;
  // Mutable times start as numbers: a field declared without a value starts undefined,
  // and V8 then boxes every double written to it (an allocation per write).
  lastDeparture = 0;
  idleGen = 0; // lambda: validates idle-heap entries and expiry events
  /** lambda: on LambdaInstances' list of instances to look at again (LambdaInstances.touch). */
  sweepTouched = false;
  busySince = -1;
  busyTime = 0;
  /** CPU-bound share of this replica's jobs (1 while initialising, the function's after). */
  f = 1;
  // processor sharing
  vclock = 0;
  rate = 1;
  lastAdvance = 0;
  /** Shared nodes: when the earliest job finishes at the current rate (Infinity if none). */
  nextAt = Infinity;
  // The job heap in typed arrays: plain arrays that keep emptying and refilling make V8
  // drop and reallocate their backing store every time.
  jobCount = 0;
  /** Always targets[0] (the earliest job's finish on the virtual clock), kept beside the
   * fields the rate update reads: a shared node's rebalance visits every busy replica on
   * every job start and end, and the typed array's contents sit two loads away in another
   * cache line. Part of the job buffers: reuse keeps it, as it keeps their contents. */
  firstTarget = 0;
  /** The contention curve at the current job count (fn.cfg.slowdown[k], its last point past
   * its end), kept for the same reason; only meaningful while jobCount > 0. */
  slow = 1;
  private targets = new Float64Array(4);
  private jobs = new Int32Array(4); // call ids (or INIT_JOB), heap-ordered with targets
  // Calls waiting for a worker (fn.cfg.workers), a ring buffer oldest first. Invariant:
  // parkedCount > 0 only while jobCount >= workers, so jobCount === 0 still means idle.
  parkedCount = 0;
  private parkedHead = 0;
  // Allocated on the first wait: most replicas never have one, and a large run makes many.
  private parkedWork = NO_WORK;
  private parkedJobs = NO_JOBS;
  /** The work of the call unpark() returned. */
  unparkedWork = 0;
  readyIndex = -1; // position in fn.ready, or -1
  busyIndex = -1; // position in node.busy (shared nodes), or -1

  constructor(
    readonly id: number,
    public fn: FnState,
    public node: NodeState,
    public createdAt: number,
    public createdSeq: number,
  ) {
    this.lastAdvance = createdAt;
    this.lastDeparture = createdAt;
  }

  /**
   * A dead replica's object and id become a new replica's: a long run creates replicas by
   * the hundred thousand, and keeping each one would grow memory with the run. Every field
   * is as the constructor leaves it, except the generations, which only ever rise, so an
   * event or idle-heap entry of the old life never matches the new one; and the job
   * buffers, which keep their capacity.
   */
  reuse(fn: FnState, node: NodeState, createdAt: number, createdSeq: number): void {
    this.fn = fn;
    this.node = node;
    this.createdAt = createdAt;
    this.createdSeq = createdSeq;
    this.state = STARTING;
    this.lifeGen++;
    this.completionGen++;
    this.idleGen++;
    this.inflight = 0;
    this.driving = 0;
    this.firstCallPending = true;
    this.priming = false;
    this.readyAt = NaN;
    this.lastDeparture = createdAt;
    this.busySince = -1;
    this.busyTime = 0;
    this.f = 1;
    this.vclock = 0;
    this.rate = 1;
    this.lastAdvance = createdAt;
    this.nextAt = Infinity;
    this.jobCount = 0;
    // firstTarget is kept, as targets' contents are: it always equals targets[0]. (A replica
    // on its node's busy list with no job read it stale; that came from an orchestrator's
    // work landing on its dead replica, fixed by `driving`: docs/performance.md.)
    this.slow = 1;
    this.parkedCount = 0;
    this.parkedHead = 0;
    this.unparkedWork = 0;
    this.readyIndex = -1;
    this.busyIndex = -1;
  }

  advance(now: number): void {
    this.vclock += (now - this.lastAdvance) * this.rate;
    this.lastAdvance = now;
  }

  /** Adds a job needing `work` seconds at rate 1. Call advance(now) first. */
  pushJob(work: number, job: number): void {
    if (this.jobCount === this.targets.length) this.grow();
    const targets = this.targets;
    const jobs = this.jobs;
    let i = this.jobCount++;
    const target = this.vclock + work;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (targets[p]! <= target) break;
      targets[i] = targets[p]!;
      jobs[i] = jobs[p]!;
      i = p;
    }
    targets[i] = target;
    jobs[i] = job;
    this.firstTarget = targets[0]!;
    this.slow = this.slowdownAt(this.jobCount);
  }

  /** The contention curve's slowdown with k jobs running: progressRate's lookup, NaN where
   * it reads past the array (as its undefined would make the rate), so the two agree for
   * every k. */
  private slowdownAt(k: number): number {
    const slowdown = this.fn.cfg.slowdown;
    return (k < slowdown.length ? slowdown[k] : slowdown[slowdown.length - 1]) ?? NaN;
  }

  /** Removes the job with the earliest target and returns its id. */
  popJob(): number {
    const targets = this.targets;
    const jobs = this.jobs;
    const top = jobs[0]!;
    const n = --this.jobCount;
    const lastT = targets[n]!;
    const lastJ = jobs[n]!;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        if (c + 1 < n && targets[c + 1]! < targets[c]!) c++;
        if (targets[c]! >= lastT) break;
        targets[i] = targets[c]!;
        jobs[i] = jobs[c]!;
        i = c;
      }
      targets[i] = lastT;
      jobs[i] = lastJ;
      this.firstTarget = targets[0]!;
    }
    this.slow = this.slowdownAt(n);
    return top;
  }

  /** A call that waits for a worker. */
  park(work: number, job: number): void {
    const cap = this.parkedJobs.length;
    if (this.parkedCount === cap) {
      const work2 = new Float64Array(Math.max(4, cap * 2));
      const jobs2 = new Int32Array(Math.max(4, cap * 2));
      for (let i = 0; i < cap; i++) {
        work2[i] = this.parkedWork[(this.parkedHead + i) % cap]!;
        jobs2[i] = this.parkedJobs[(this.parkedHead + i) % cap]!;
      }
      this.parkedWork = work2;
      this.parkedJobs = jobs2;
      this.parkedHead = 0;
    }
    const at = (this.parkedHead + this.parkedCount++) % this.parkedJobs.length;
    this.parkedWork[at] = work;
    this.parkedJobs[at] = job;
  }

  /** The oldest waiting call (its work in unparkedWork). */
  unpark(): number {
    const job = this.parkedJobs[this.parkedHead]!;
    this.unparkedWork = this.parkedWork[this.parkedHead]!;
    this.parkedHead = (this.parkedHead + 1) % this.parkedJobs.length;
    this.parkedCount--;
    return job;
  }

  /** Seconds until the earliest job finishes at the current rate. */
  timeToNext(): number {
    const left = this.firstTarget - this.vclock;
    return left > 0 ? left / this.rate : 0;
  }

  /** Ids of the calls among the jobs (not the init or first-call work), in heap order, then the waiting ones. */
  callJobs(): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.jobCount; i++) if (this.jobs[i]! >= 0) out.push(this.jobs[i]!);
    for (let i = 0; i < this.parkedCount; i++) out.push(this.parkedJobs[(this.parkedHead + i) % this.parkedJobs.length]!);
    return out;
  }

  clearJobs(): void {
    this.priming = false;
    this.jobCount = 0;
    this.parkedCount = 0;
    this.parkedHead = 0;
  }

  /** A waiting call holds its request's memory too. */
  memoryMB(): number {
    return this.fn.cfg.memBaseMB + this.fn.cfg.memPerRequestMB * (this.jobCount + this.parkedCount);
  }

  private grow(): void {
    const targets = new Float64Array(this.targets.length * 2);
    targets.set(this.targets);
    this.targets = targets;
    const jobs = new Int32Array(this.jobs.length * 2);
    jobs.set(this.jobs);
    this.jobs = jobs;
  }
}

/** Removes list[i] in O(1) by moving the last element into its place; returns -1, the
 * removed element's new index. `setIndex` keeps the moved element's own index in step. A
 * replica knows its place in the lists it sits in (fn.ready, node.busy: readyIndex,
 * busyIndex), so leaving one costs no search. */
export function swapRemove(list: Replica[], i: number, setIndex: (r: Replica, i: number) => void): number {
  const last = list.pop()!;
  if (i < list.length) {
    list[i] = last;
    setIndex(last, i);
  }
  return -1;
}

export const setBusyIndex = (r: Replica, i: number): void => {
  r.busyIndex = i;
};
export const setReadyIndex = (r: Replica, i: number): void => {
  r.readyIndex = i;
};
