// Processor sharing: the work running on replicas, and each node's cores shared among it.
// A job is a call's work, or a process's init or first-call work, on one replica. Its rate
// comes from node-state.ts (progressRate, waterLevel). This file keeps those rates current
// as jobs start and end, and keeps each job's completion scheduled. It also keeps the memory
// that running and waiting calls hold. A replica over its limit, or a node whose replicas
// outgrow it, is an OOM kill; the replica lifecycle (replica-lifecycle.ts) carries that out.
//
// This is the simulator's hot loop: every call starts and ends a job here. Hence its shape
// (docs/performance.md). A shared node keeps one event, for its earliest completion. While it
// has cores to spare only the changed replica's rate is recomputed. The busy replicas sit in
// a list that knows each one's position. Keep new concepts out of this class: what it calls
// on every job stays on it, so V8 inlines the path.
import type { Engine } from '../engine/engine.ts';
import type { WorkListener } from './cluster.ts';
import type { SimConfig } from './config.ts';
import type { FnState } from './fn-state.ts';
import { type NodeState, progressRate, waterLevel } from './node-state.ts';
import { DEAD, INIT_JOB, INITIALISING, PRIME_JOB, type Replica, STARTING, setBusyIndex, swapRemove } from './replica.ts';
import type { ReplicaLifecycle } from './replica-lifecycle.ts';

export class ProcessorSharing {
  /** The other side of a cycle (it starts init jobs here; jobs here kill or ready its
   * replicas): set by the Cluster once both exist. */
  lifecycle!: ReplicaLifecycle;
  private readonly evJobDone: number;
  private readonly evNodeDone: number;
  /** No function's speed depends on its neighbours' load (interference), so below a shared
   * node's cores a job's rate depends on its own replica only. */
  private readonly localRates: boolean;
  /** Besides, no function has a CPU limit: an over-subscribed node's share level is then
   * cores / demand, and rebalanceNode takes its short form (rebalancePlain). */
  private readonly plainRates: boolean;

  constructor(
    private readonly engine: Engine,
    cfg: SimConfig,
    private readonly fns: FnState[],
    private readonly nodes: NodeState[],
    /** By id (the lifecycle's list): a job-done event names its replica by id. */
    private readonly replicas: Replica[],
    private readonly listener: WorkListener,
  ) {
    this.evJobDone = engine.on('job done', (id, gen) => this.onJobDone(id, gen));
    this.evNodeDone = engine.on('node job done', (node) => this.onNodeDone(node));
    for (const node of nodes) node.slot = engine.slot(this.evNodeDone, node.index);
    this.localRates = cfg.functions.every((f) => f.interference === 0);
    this.plainRates = this.localRates && cfg.functions.every((f) => f.cpuLimit === Infinity);
  }

  /** Adds `work` seconds (at full speed) to r; job is a call id or INIT_JOB. */
  addJob(r: Replica, work: number, job: number): void {
    if (r.jobCount >= r.fn.cfg.workers || r.priming) return this.park(r, work, job);
    this.startJob(r, work, job);
  }

  /** A process's first call: its first-call work runs first, and the call, with every call
   * that arrives meanwhile, waits for it (Python's import lock; a shared lazy load). */
  prime(r: Replica, penalty: number, work: number, job: number): void {
    this.startJob(r, penalty, PRIME_JOB);
    if (r.state === DEAD || r.jobCount === 0) return; // killed by its memory at once
    r.priming = true;
    this.park(r, work, job);
  }

  private startJob(r: Replica, work: number, job: number): void {
    const now = this.engine.now;
    r.node.callMemoryMB += r.fn.cfg.memPerRequestMB;
    r.advance(now);
    if (r.jobCount === 0) {
      if (r.node.shared) {
        r.busyIndex = r.node.busy.length;
        r.node.busy.push(r);
      }
      if (r.busySince < 0) r.busySince = now;
    }
    r.pushJob(work, job);
    const wasOver = r.node.demand > r.node.cfg.cores;
    r.node.demand += r.f;
    if (r.memoryMB() > r.fn.cfg.memoryLimitMB) return this.lifecycle.oomKill(r);
    this.rebalance(r, wasOver);
    this.checkNodeMemory(r.node);
  }

  /** Every worker busy: the call waits inside the replica, using no CPU yet. */
  private park(r: Replica, work: number, job: number): void {
    r.park(work, job);
    r.node.callMemoryMB += r.fn.cfg.memPerRequestMB;
    if (r.memoryMB() > r.fn.cfg.memoryLimitMB) this.lifecycle.oomKill(r);
    else this.checkNodeMemory(r.node);
  }

  /**
   * The node's replicas hold more memory than it has (no limits set, as the original FAVE's
   * pods had none): the kernel's OOM killer ends the largest process, here the largest
   * replica (ties: the oldest), with every call in it, until the rest fit. A container still
   * starting or initialising is passed over: restarted in place after a kill, with no start
   * or init time it was back at once, its init counted as a call's memory, and it was killed
   * again at the same instant, for ever (sim/test/priming-memory.test.ts).
   */
  private checkNodeMemory(node: NodeState): void {
    while (node.memoryUsedMB + node.callMemoryMB > node.cfg.memoryMB) {
      let victim: Replica | null = null;
      for (const fn of this.fns) {
        for (const r of fn.replicas) {
          if (r.node !== node || r.state === DEAD || r.state === STARTING || r.state === INITIALISING) continue;
          if (!victim || r.memoryMB() > victim.memoryMB() || (r.memoryMB() === victim.memoryMB() && r.createdSeq < victim.createdSeq)) victim = r;
        }
      }
      if (!victim || victim.jobCount + victim.parkedCount === 0) return; // only base memory: placement's business
      this.lifecycle.oomKill(victim);
    }
  }

  private onJobDone(id: number, gen: number): void {
    const r = this.replicas[id]!;
    if (r.completionGen === gen) this.completeJob(r);
  }

  private onNodeDone(index: number): void {
    const node = this.nodes[index]!;
    const r = node.nextReplica!; // the slot is cleared whenever nextReplica is
    // The event is spent: r's rebalance must find the next earliest and schedule it afresh,
    // even when that is r again at this same time.
    node.nextAt = -Infinity;
    this.completeJob(r);
  }

  /** The replica's earliest job has finished its work. */
  private completeJob(r: Replica): void {
    r.advance(this.engine.now);
    const job = r.popJob();
    r.node.callMemoryMB -= r.fn.cfg.memPerRequestMB;
    const wasOver = r.node.demand > r.node.cfg.cores;
    r.node.demand -= r.f;
    if (job === PRIME_JOB) r.priming = false;
    // A worker is free (or the first-call work is done): the oldest waiting calls start.
    while (r.parkedCount > 0 && r.jobCount < r.fn.cfg.workers && !r.priming) {
      const next = r.unpark();
      r.pushJob(r.unparkedWork, next);
      r.node.demand += r.f;
    }
    if (r.jobCount === 0) this.leaveBusy(r);
    this.rebalance(r, wasOver);
    if (job === INIT_JOB) this.lifecycle.processHealthy(r);
    else if (job !== PRIME_JOB) this.listener.workDone(r, job);
  }

  /**
   * r's process is killed: its jobs, running and waiting, leave the node (their cores and
   * memory go back to the others), and the ids of the calls among them are returned. The
   * node forgets them before the calls' owners hear (a retry may land on this node at once).
   */
  dropJobs(r: Replica): number[] {
    const wasOver = r.node.demand > r.node.cfg.cores;
    r.node.demand -= r.f * r.jobCount;
    const calls = r.callJobs();
    r.node.callMemoryMB -= r.fn.cfg.memPerRequestMB * (r.jobCount + r.parkedCount);
    r.clearJobs();
    this.leaveBusy(r);
    this.rebalance(r, wasOver);
    return calls;
  }

  /** The node's speed changed (node-speed.ts): every busy job on it gets a new rate. */
  respeed(node: NodeState): void {
    if (node.shared) {
      if (node.busy.length > 0) this.rebalanceNode(node);
      return;
    }
    // Unshared nodes keep no busy list: a scan of the live replicas (drift is opt-in).
    for (const fn of this.fns) for (const r of fn.replicas) if (r.node === node && r.jobCount > 0) this.rebalance(r, false);
  }

  /** Recomputes job rates after a change on r's node (`wasOver`: its demand was over its
   * cores before the change; a boolean, as a double argument would be boxed) and
   * reschedules completions. On an unshared node only r changed. A shared node keeps a
   * single event, for its earliest completion; while the node has cores to spare (and no
   * function feels its neighbours) no other job's rate moved, so only r is recomputed and
   * the event stays unless r's next completion becomes, or stops being, the earliest. */
  private rebalance(changed: Replica, wasOver: boolean): void {
    const node = changed.node;
    if (!node.shared) return this.rescheduleAlone(changed);
    if (!this.localRates || wasOver || node.demand > node.cfg.cores) return this.rebalanceNode(node);
    const now = this.engine.now;
    changed.advance(now);
    changed.rate = progressRate(changed, 1); // the node has cores to spare
    changed.nextAt = changed.jobCount > 0 ? now + changed.timeToNext() : Infinity;
    if (changed.nextAt < node.nextAt) return this.scheduleNode(node, changed);
    if (changed !== node.nextReplica) return;
    // The earliest completion moved later (or left): find the new one.
    let next = Infinity;
    let first: Replica | null = null;
    const busy = node.busy;
    for (let i = 0; i < busy.length; i++) {
      const t = busy[i]!.nextAt;
      if (t < next) {
        next = t;
        first = busy[i]!;
      }
    }
    if (first !== changed || next !== node.nextAt) this.scheduleNode(node, first);
  }

  /** An unshared node: only r's rate changed; its next completion is an event of its own. */
  private rescheduleAlone(r: Replica): void {
    r.advance(this.engine.now);
    r.rate = progressRate(r, 1); // no core limit: never over-subscribed
    r.completionGen++;
    if (r.jobCount > 0) this.engine.after(r.timeToNext(), this.evJobDone, r.id, r.completionGen);
  }

  /** Every busy job on a shared node gets a new rate (its share of the cores changed). */
  private rebalanceNode(node: NodeState): void {
    if (this.plainRates) return this.rebalancePlain(node);
    const now = this.engine.now;
    let next = Infinity;
    let first: Replica | null = null;
    const busy = node.busy;
    const level = node.demand > node.cfg.cores ? waterLevel(node) : 1;
    for (let i = 0; i < busy.length; i++) {
      const r = busy[i]!;
      r.advance(now);
      r.rate = progressRate(r, level);
      const t = now + r.timeToNext();
      r.nextAt = t;
      if (t < next) {
        next = t;
        first = r;
      }
    }
    this.scheduleNode(node, first);
  }

  /**
   * rebalanceNode when no function has a CPU limit or feels its neighbours (plainRates): the
   * same arithmetic, step for step, so the same bits. waterLevel finds no binding cap and
   * returns its first ratio, cores / demand; progressRate with no limit and no interference
   * is speed / s at level 1, else speed / ((1 − g + g / level) × s). What it saves is loads:
   * an over-subscribed node runs this over all its busy replicas on every job start and end
   * (~40 in the overloaded pipeline-1M of before 2026-12-07, 27% of its CPU; the stable case
   * has ~6 busy when a completion is chosen, and rarely oversubscribes), and here each replica
   * is read from its own fields (slow, firstTarget) and the node's from locals, not through
   * fn.cfg and typed arrays.
   */
  private rebalancePlain(node: NodeState): void {
    const now = this.engine.now;
    let next = Infinity;
    let first: Replica | null = null;
    const busy = node.busy;
    const level = node.demand > node.cfg.cores ? node.cfg.cores / node.demand : 1;
    const speed = node.speed;
    for (let i = 0; i < busy.length; i++) {
      const r = busy[i]!;
      r.vclock += (now - r.lastAdvance) * r.rate; // r.advance(now)
      r.lastAdvance = now;
      let rate: number;
      if (r.jobCount === 0) rate = 1;
      else if (level === 1) rate = speed / r.slow;
      else {
        const g = r.f < 1 ? r.f : 1;
        rate = speed / ((1 - g + g / level) * r.slow);
      }
      r.rate = rate;
      const left = r.firstTarget - r.vclock; // r.timeToNext()
      const t = now + (left > 0 ? left / rate : 0);
      r.nextAt = t;
      if (t < next) {
        next = t;
        first = r;
      }
    }
    this.scheduleNode(node, first);
  }

  /** The node's one completion event: `first`'s earliest job, at its nextAt (none if
   * null). The time is read here, not passed: V8 does not inline this call, and a double
   * passed to it would be boxed, an allocation per job start and end. */
  private scheduleNode(node: NodeState, first: Replica | null): void {
    node.nextReplica = first;
    if (first) {
      node.nextAt = first.nextAt;
      this.engine.setSlot(node.slot, first.nextAt);
    } else {
      node.nextAt = Infinity;
      this.engine.clearSlot(node.slot);
    }
  }

  /** r has no job left: off its node's busy list, and its busy time (for cost) closes
   * unless a call still holds a slot on it. */
  private leaveBusy(r: Replica): void {
    if (r.busyIndex >= 0) r.busyIndex = swapRemove(r.node.busy, r.busyIndex, setBusyIndex);
    if (r.inflight === 0 && r.busySince >= 0) {
      r.busyTime += this.engine.now - r.busySince;
      r.busySince = -1;
    }
  }
}
