// The provider's side of the platform: replicas placed on nodes, their life (container
// start -> process init -> readiness probe -> ready -> draining -> dead, and OOM restarts),
// and the processor sharing of each node's cores. Calls are the gateway's business
// (platform.ts); the cluster only knows job ids, and reports finished or killed work back.
// Warm-instance policies (sim/policy) decide; the cluster applies their decisions: when an
// idle lambda instance is unloaded, pre-warms, and evictions when memory runs out.
import type { Uniform } from '../dist/spec.ts';
import type { Engine } from '../engine/engine.ts';
import { createKeepAlive, createPrewarm } from '../policy/registry.ts';
import type { KeepAlivePolicy, PrewarmPolicy } from '../policy/warm-policy.ts';
import { type SimConfig, callChain } from './config.ts';
import { FnState } from './fn-state.ts';
import { NodeState, progressRate, waterLevel } from './node-state.ts';
import type { Recorder } from './recorder.ts';
import { DEAD, DRAINING, INIT_JOB, INITIALISING, PRIME_JOB, PROBING, READY, Replica, STARTING } from './replica.ts';

export interface ClusterStreams {
  containerStart: Uniform[];
  init: Uniform[];
  firstCall: Uniform[]; // drawn here only for a pre-warm's warm-up call
}

/** Second argument of a pre-warm event that no call cancels (DAG pre-warm). */
const DAG_PREWARM = -1;

/** What the cluster tells the gateway side about calls' work. */
export interface WorkListener {
  /** A call's work finished on r (its job was popped). */
  workDone(r: Replica, callId: number): void;
  /** r was OOM-killed; these call jobs died with it (r is already not ready). */
  killed(r: Replica, callIds: number[]): void;
}

export class Cluster {
  readonly fns: FnState[];
  readonly nodes: NodeState[];
  /** By id. A dead replica waits in `dead` until a new one takes its object and id. */
  readonly replicas: Replica[] = [];
  private readonly dead: Replica[] = [];
  listener: WorkListener | null = null;
  private seq = 0;
  private readonly evContainerUp: number;
  private readonly evReady: number;
  private readonly evJobDone: number;
  private readonly evNodeDone: number;
  // ---- policies (all empty or null when a scenario sets none) ----
  readonly keepAlive: (KeepAlivePolicy | null)[];
  readonly prewarm: (PrewarmPolicy | null)[];
  /** Some function has a policy: calls must be reported (onCall). */
  readonly hasPolicies: boolean;
  private readonly evictable: boolean; // some keep-alive policy gives eviction priorities
  private clock = 0; // Greedy-Dual: the priority of the last eviction
  evictions = 0;
  /** Per replica id (policy functions only): when it is unloaded if still idle, and its
   * eviction priority. */
  private readonly idleUntil: number[] = [];
  private readonly priority: number[] = [];
  /** Per replica id: 1 when a pre-warm started it with a warm-up call. */
  private readonly warmup: number[] = [];
  private warmupNext = 0;
  /** Per function: the pending keep-alive pre-warm (cancelled by a call), its keep-until,
   * and whether DAG pre-warms of it send a warm-up call. */
  private readonly prewarmGen: Int32Array;
  private readonly prewarmKeep: Float64Array;
  private readonly dagWarmup: Uint8Array;
  private readonly evPrewarm: number;
  private readonly evLoaded: number;
  /** No function's speed depends on its neighbours' load (interference), so below a shared
   * node's cores a job's rate depends on its own replica only. */
  private readonly localRates: boolean;

  constructor(
    private readonly engine: Engine,
    private readonly cfg: SimConfig,
    private readonly rnd: ClusterStreams,
    private readonly rec: Recorder,
  ) {
    const a = cfg.autoscaler;
    const ringSize = Math.ceil(a.window / a.interval) + 1;
    this.fns = cfg.functions.map((f) => new FnState(f, ringSize));
    this.nodes = cfg.nodes.map((n, i) => new NodeState(n, i));
    this.evContainerUp = engine.on('container up', (id, gen) => this.onContainerUp(id, gen));
    this.evReady = engine.on('readiness probe passed', (id, gen) => this.onReady(id, gen));
    this.evJobDone = engine.on('job done', (id, gen) => this.onJobDone(id, gen));
    this.evNodeDone = engine.on('node job done', (node) => this.onNodeDone(node));
    for (const node of this.nodes) node.slot = engine.slot(this.evNodeDone, node.index);
    this.evPrewarm = engine.on('pre-warm', (fn, gen) => this.onPrewarm(fn, gen));
    this.evLoaded = engine.on('pre-warmed instance loaded', (id, gen) => this.onLoaded(id, gen));
    const names = cfg.functions.map((f) => f.name);
    const chain = callChain(cfg);
    this.keepAlive = cfg.functions.map((fn) => (fn.policy.keepAlive ? createKeepAlive(fn.policy.keepAlive, { fn, names, chain }) : null));
    this.prewarm = cfg.functions.map((fn) => (fn.policy.prewarm ? createPrewarm(fn.policy.prewarm, { fn, names, chain }) : null));
    this.hasPolicies = this.keepAlive.some((p) => p !== null) || this.prewarm.some((p) => p !== null);
    this.evictable = this.keepAlive.some((p) => p?.priority !== undefined);
    this.localRates = cfg.functions.every((f) => f.interference === 0);
    const n = cfg.functions.length;
    this.prewarmGen = new Int32Array(n);
    this.prewarmKeep = new Float64Array(n);
    this.dagWarmup = new Uint8Array(n);
  }

  /** Brings each function to its regime at t = 0: warm = min replicas ready and past their
   * first call, unprimed = the same replicas with their first call still to come, cold = none. */
  warmUp(): void {
    for (const fn of this.fns) {
      if (fn.cfg.scaling.mode === 'lambda' || fn.cfg.regime === 'cold') continue;
      fn.desired = fn.cfg.scaling.min;
      for (let i = 0; i < fn.desired; i++) {
        const r = this.place(fn);
        if (!r) break;
        r.f = fn.cfg.cpuFraction;
        this.markReady(r);
        if (fn.cfg.regime === 'warm') r.firstCallPending = false; // it happened before t = 0
      }
    }
  }

  // ---- processor sharing -----------------------------------------------------------------

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
    if (r.memoryMB() > r.fn.cfg.memoryLimitMB) return this.oomKill(r);
    this.rebalance(r, wasOver);
    this.checkNodeMemory(r.node);
  }

  /** Every worker busy: the call waits inside the replica, using no CPU yet. */
  private park(r: Replica, work: number, job: number): void {
    r.park(work, job);
    r.node.callMemoryMB += r.fn.cfg.memPerRequestMB;
    if (r.memoryMB() > r.fn.cfg.memoryLimitMB) this.oomKill(r);
    else this.checkNodeMemory(r.node);
  }

  /**
   * The node's replicas hold more memory than it has (no limits set, as the original FAVE's
   * pods had none): the kernel's OOM killer ends the largest process, here the largest
   * replica (ties: the oldest), with every call in it, until the rest fit.
   */
  private checkNodeMemory(node: NodeState): void {
    while (node.memoryUsedMB + node.callMemoryMB > node.cfg.memoryMB) {
      let victim: Replica | null = null;
      for (const fn of this.fns) {
        for (const r of fn.replicas) {
          if (r.node !== node || r.state === DEAD || r.state === STARTING) continue;
          if (!victim || r.memoryMB() > victim.memoryMB() || (r.memoryMB() === victim.memoryMB() && r.createdSeq < victim.createdSeq)) victim = r;
        }
      }
      if (!victim || victim.jobCount + victim.parkedCount === 0) return; // only base memory: placement's business
      this.oomKill(victim);
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
    if (job === INIT_JOB) this.processHealthy(r);
    else if (job !== PRIME_JOB) this.listener!.workDone(r, job);
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
    if (changed.nextAt < node.nextAt) return this.scheduleNode(node, changed, changed.nextAt);
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
    if (first !== changed || next !== node.nextAt) this.scheduleNode(node, first, next);
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
    this.scheduleNode(node, first, next);
  }

  /** The node's one completion event: `first`'s earliest job, at `at` (none if null). */
  private scheduleNode(node: NodeState, first: Replica | null, at: number): void {
    node.nextReplica = first;
    node.nextAt = at;
    if (first) this.engine.setSlot(node.slot, at);
    else this.engine.clearSlot(node.slot);
  }

  private leaveBusy(r: Replica): void {
    if (r.busyIndex >= 0) r.busyIndex = swapRemove(r.node.busy, r.busyIndex, setBusyIndex);
    if (r.inflight === 0 && r.busySince >= 0) {
      r.busyTime += this.engine.now - r.busySince;
      r.busySince = -1;
    }
  }

  /** After a call's work and slot are done: busy accounting, draining replicas stop, and a
   * lambda instance goes idle. */
  settle(r: Replica): void {
    const now = this.engine.now;
    r.fn.lastActivity = now;
    if (r.inflight === 0 && r.jobCount === 0 && r.busySince >= 0) {
      r.busyTime += now - r.busySince;
      r.busySince = -1;
    }
    if (r.state === DRAINING && r.jobCount === 0 && r.inflight === 0) return this.destroy(r);
    if (r.fn.cfg.scaling.mode === 'lambda' && r.state === READY && r.inflight === 0) {
      // Expiry is lazy (no event per idle period): an instance idle past its keep-alive is
      // removed, at the time it expired, when it is next looked at or swept.
      r.idleGen++;
      r.lastDeparture = now;
      const policy = this.keepAlive[r.fn.cfg.index]!;
      if (policy !== null && !this.applyIdle(r, policy, now)) return;
      r.fn.pushIdle(r);
    }
  }

  // ---- warm-instance policies ------------------------------------------------------------

  /** A call to fn arrived (the gateway dispatches it now). */
  onCall(fn: FnState): void {
    const i = fn.cfg.index;
    const now = this.engine.now;
    const keep = this.keepAlive[i]!;
    if (keep !== null) {
      keep.onInvocation(now, fn.inflight);
      this.prewarmGen[i]!++; // a pre-warm planned for the next call is moot
    }
    const pre = this.prewarm[i]!;
    if (pre !== null) {
      const at = pre.onInvocation(now);
      if (at === at) {
        this.dagWarmup[pre.target] = pre.spec.warmup === false ? 0 : 1;
        this.engine.at(at > now ? at : now, this.evPrewarm, pre.target, DAG_PREWARM);
      }
    }
  }

  /** Applies a keep-alive decision to r, idle from now; false when r was unloaded. */
  private applyIdle(r: Replica, policy: KeepAlivePolicy, now: number): boolean {
    const d = policy.onIdle(now, r.fn.inflight);
    if (policy.priority) this.priority[r.id] = policy.priority(this.clock);
    if (d.prewarmAt === d.prewarmAt) {
      const i = r.fn.cfg.index;
      this.prewarmKeep[i] = d.prewarmKeepUntil;
      this.engine.at(d.prewarmAt > now ? d.prewarmAt : now, this.evPrewarm, i, ++this.prewarmGen[i]!);
    }
    if (d.keepUntil <= now) {
      this.destroy(r);
      return false;
    }
    this.idleUntil[r.id] = d.keepUntil;
    return true;
  }

  /** When an idle lambda instance is unloaded: its policy's decision, or the fixed keep-alive. */
  private expiry(r: Replica): number {
    return this.keepAlive[r.fn.cfg.index] === null ? r.lastDeparture + r.fn.cfg.scaling.keepAlive : this.idleUntil[r.id]!;
  }

  private onPrewarm(fnIndex: number, gen: number): void {
    const fn = this.fns[fnIndex]!;
    if (gen !== DAG_PREWARM && gen !== this.prewarmGen[fnIndex]) return;
    if (fn.cfg.scaling.mode !== 'lambda') {
      // OpenFaaS: start a replica of a function at zero, as the gateway would on a call.
      if (fn.activeCount() > 0 || fn.held.length > 0) return;
      fn.lastActivity = this.engine.now; // the idler counts idleness from the pre-warm
      this.warmupNext = this.dagWarmup[fnIndex]!;
      this.setReplicas(fn, Math.max(fn.cfg.scaling.min, 1));
      this.warmupNext = 0;
      return;
    }
    // Lambda: load an instance unless one is idle or loading already.
    const now = this.engine.now;
    for (const r of fn.replicas) {
      if (r.state === STARTING || (r.state === READY && r.inflight === 0 && r.jobCount === 0 && this.expiry(r) > now)) return;
    }
    if (fn.replicas.length >= fn.cfg.scaling.max) return;
    const r = this.place(fn);
    if (!r) return;
    this.rec.coldStarts[fnIndex]!++;
    const cfg = fn.cfg;
    // Kept until the keep-alive policy's pre-warm window ends; a DAG pre-warm's instance is
    // kept as an instance after a call would be (NaN: decided when it has loaded).
    this.idleUntil[r.id] = gen === DAG_PREWARM ? NaN : this.prewarmKeep[fnIndex]!;
    const load = cfg.coldCall
      ? Math.max(0, cfg.coldCall.mean() - cfg.warm.mean())
      : cfg.containerStart.sample(this.rnd.containerStart[fnIndex]!) + cfg.init.sample(this.rnd.init[fnIndex]!) + cfg.firstCall.sample(this.rnd.firstCall[fnIndex]!);
    this.engine.at(now + load, this.evLoaded, r.id, r.lifeGen);
  }

  /** A pre-warmed lambda instance has loaded: it joins the idle instances. */
  private onLoaded(id: number, gen: number): void {
    const r = this.replicas[id]!;
    if (r.lifeGen !== gen || r.state !== STARTING) return;
    const now = this.engine.now;
    r.state = READY;
    r.f = r.fn.cfg.cpuFraction;
    r.firstCallPending = false;
    r.idleGen++;
    r.lastDeparture = now;
    const policy = this.keepAlive[r.fn.cfg.index]!;
    if (policy?.priority) this.priority[id] = policy.priority(this.clock);
    if (Number.isNaN(this.idleUntil[id])) this.idleUntil[id] = policy?.priority ? Infinity : now + r.fn.cfg.scaling.keepAlive;
    if (this.expiry(r) <= now) return this.destroy(r);
    r.fn.pushIdle(r);
  }

  /** Greedy-Dual: evicts the idle instance with the lowest priority; false if none is idle. */
  private evictOne(): boolean {
    let victim: Replica | null = null;
    let best = Infinity;
    for (const fn of this.fns) {
      if (!this.keepAlive[fn.cfg.index]?.priority) continue;
      for (const r of fn.replicas) {
        if (r.state !== READY || r.inflight !== 0 || r.jobCount !== 0) continue;
        const p = this.priority[r.id]!;
        if (p < best || (p === best && victim !== null && r.createdSeq < victim.createdSeq)) {
          best = p;
          victim = r;
        }
      }
    }
    if (!victim) return false;
    this.clock = best;
    this.evictions++;
    this.destroy(victim);
    return true;
  }

  // ---- replica lifecycle ---------------------------------------------------------------

  /** The provider's scale call: start or stop replicas to reach n. */
  setReplicas(fn: FnState, n: number): void {
    fn.desired = n;
    let active = fn.activeCount();
    while (active < n) {
      if (!this.startReplica(fn)) break;
      active++;
    }
    if (active <= n) return;
    // Kubernetes removes not-ready pods first, then the newest. fn.replicas is in creation
    // order, so a walk from its end meets the newest first; retire may remove the replica
    // it is given, which moves none of those before it.
    let excess = active - n;
    for (let i = fn.replicas.length - 1; i >= 0 && excess > 0; i--) {
      const r = fn.replicas[i]!;
      if (r.state !== DRAINING && r.state !== READY) {
        this.retire(r);
        excess--;
      }
    }
    for (let i = fn.replicas.length - 1; i >= 0 && excess > 0; i--) {
      const r = fn.replicas[i]!;
      if (r.state === READY) {
        this.retire(r);
        excess--;
      }
    }
  }

  /** Puts a new replica of fn on the node with the fewest replicas that has the memory. */
  place(fn: FnState): Replica | null {
    let best = this.nodeFor(fn);
    while (!best && this.evictable && this.evictOne()) best = this.nodeFor(fn);
    if (!best) {
      this.rec.unschedulable++;
      return null;
    }
    let r = this.dead.pop();
    if (r) r.reuse(fn, best, this.engine.now, this.seq++);
    else {
      r = new Replica(this.replicas.length, fn, best, this.engine.now, this.seq++);
      this.replicas.push(r);
    }
    fn.replicas.push(r);
    best.replicaCount++;
    best.memoryUsedMB += fn.cfg.memBaseMB;
    if (this.hasPolicies) {
      this.idleUntil[r.id] = Infinity;
      this.priority[r.id] = Infinity;
      this.warmup[r.id] = this.warmupNext;
    }
    return r;
  }

  private nodeFor(fn: FnState): NodeState | null {
    let best: NodeState | null = null;
    for (const node of this.nodes) {
      if (node.memoryUsedMB + fn.cfg.memBaseMB > node.cfg.memoryMB) continue;
      if (!best || node.replicaCount < best.replicaCount) best = node;
    }
    return best;
  }

  private startReplica(fn: FnState): Replica | null {
    const r = this.place(fn);
    if (!r) return null;
    this.rec.coldStarts[fn.cfg.index]!++;
    this.engine.after(fn.cfg.containerStart.sample(this.rnd.containerStart[fn.cfg.index]!), this.evContainerUp, r.id, r.lifeGen);
    return r;
  }

  private onContainerUp(id: number, gen: number): void {
    const r = this.replicas[id]!;
    if (r.lifeGen !== gen || r.state === DEAD) return;
    r.state = INITIALISING;
    r.f = 1; // module loading is CPU work, and slows neighbours on a shared node
    const i = r.fn.cfg.index;
    let work = r.fn.cfg.init.sample(this.rnd.init[i]!);
    if (this.warmup[r.id] === 1) {
      // A pre-warm's warm-up call: the first-call penalty is paid while loading.
      this.warmup[r.id] = 0;
      r.firstCallPending = false;
      work += r.fn.cfg.firstCall.sample(this.rnd.firstCall[i]!);
    }
    this.addJob(r, work, INIT_JOB);
  }

  /** The process answers /_/health; the readiness probe passes at its next period. */
  private processHealthy(r: Replica): void {
    r.f = r.fn.cfg.cpuFraction;
    if (r.state === DRAINING) return this.destroy(r);
    r.state = PROBING;
    const { readinessInitialDelay: delay, readinessPeriod: period } = this.cfg.provider;
    const first = r.createdAt + delay;
    const now = this.engine.now;
    const at = now <= first ? first : first + Math.ceil((now - first) / period - 1e-9) * period;
    this.engine.at(at, this.evReady, r.id, r.lifeGen);
  }

  private onReady(id: number, gen: number): void {
    const r = this.replicas[id]!;
    if (r.lifeGen !== gen || r.state !== PROBING) return;
    this.markReady(r);
  }

  private markReady(r: Replica): void {
    r.state = READY;
    r.readyAt = this.engine.now;
    r.readyIndex = r.fn.ready.length;
    r.fn.ready.push(r);
  }

  private unready(r: Replica): void {
    if (r.readyIndex >= 0) r.readyIndex = swapRemove(r.fn.ready, r.readyIndex, setReadyIndex);
  }

  private retire(r: Replica): void {
    this.unready(r);
    if (r.jobCount === 0 && r.inflight === 0) return this.destroy(r);
    r.state = DRAINING;
  }

  private destroy(r: Replica, at = this.engine.now): void {
    this.unready(r);
    r.state = DEAD;
    r.lifeGen++;
    r.completionGen++;
    r.idleGen++;
    const fn = r.fn;
    const i = fn.replicas.indexOf(r);
    if (i >= 0) fn.replicas.splice(i, 1);
    r.node.replicaCount--;
    r.node.memoryUsedMB -= fn.cfg.memBaseMB;
    this.closeCost(r, at);
    this.dead.push(r);
  }

  private closeCost(r: Replica, end: number): void {
    if (r.busySince >= 0) {
      r.busyTime += end - r.busySince;
      r.busySince = -1;
    }
    this.rec.replicaGBs += (end - r.createdAt) * r.fn.cfg.chargedMemoryGB;
    this.rec.busyGBs += r.busyTime * r.fn.cfg.chargedMemoryGB;
  }

  /** Over its memory limit: the container is killed with every call in it, then restarted. */
  private oomKill(r: Replica): void {
    const fn = r.fn;
    this.rec.ooms[fn.cfg.index]!++;
    this.unready(r);
    const wasOver = r.node.demand > r.node.cfg.cores;
    r.node.demand -= r.f * r.jobCount;
    const calls = r.callJobs();
    r.node.callMemoryMB -= fn.cfg.memPerRequestMB * (r.jobCount + r.parkedCount);
    r.clearJobs();
    this.leaveBusy(r);
    // The node forgets r's jobs before the killed calls' owners react (a retry may land on
    // this node at once), and a draining r is gone without one more look.
    this.rebalance(r, wasOver);
    this.listener!.killed(r, calls);
    if (r.state === DRAINING) return this.destroy(r);
    // Kubernetes restarts the container in place: a new process, a new cold start.
    r.state = STARTING;
    r.lifeGen++;
    r.firstCallPending = true;
    r.vclock = 0;
    r.rate = 1;
    r.lastAdvance = this.engine.now;
    this.rec.coldStarts[fn.cfg.index]!++;
    this.engine.after(fn.cfg.containerStart.sample(this.rnd.containerStart[fn.cfg.index]!), this.evContainerUp, r.id, r.lifeGen);
  }

  // ---- lambda-style instances ----------------------------------------------------------

  /** Valid idle-heap entry? An instance found past its keep-alive is removed as of then. */
  readonly idleValid = (r: Replica, gen: number): boolean => {
    if (r.state !== READY || r.idleGen !== gen || r.inflight !== 0) return false;
    const expiry = this.expiry(r);
    if (expiry > this.engine.now) return true;
    this.destroy(r, expiry);
    return false;
  };

  /** Removes lambda instances idle past their keep-alive (at the time they expired). */
  sweepExpired(): void {
    const now = this.engine.now;
    for (const fn of this.fns) {
      if (fn.cfg.scaling.mode !== 'lambda') continue;
      for (let i = fn.replicas.length - 1; i >= 0; i--) {
        const r = fn.replicas[i]!;
        if (r.state !== READY || r.inflight !== 0) continue;
        const expiry = this.expiry(r);
        if (expiry <= now) this.destroy(r, expiry);
      }
    }
  }

  /** A new lambda instance, busy at once with the call that made it (no readiness probe:
   * lambda instances are chosen from the idle heap, not by the provider). */
  newLambdaInstance(fn: FnState): Replica | null {
    const r = this.place(fn);
    if (!r) return null;
    this.rec.coldStarts[fn.cfg.index]!++;
    r.state = READY;
    r.f = fn.cfg.cpuFraction;
    r.firstCallPending = false;
    return r;
  }

  /** Closes the books at the end of a replication. */
  finish(end: number): void {
    this.sweepExpired();
    // In creation order, as the costs of the dead were added in the order they died: ids
    // are reused, so id order is not creation order.
    const live = this.replicas.filter((r) => r.state !== DEAD).sort((a, b) => a.createdSeq - b.createdSeq);
    for (const r of live) this.closeCost(r, end);
  }
}

/** Removes list[i] in O(1) by moving the last element into its place; returns -1, the
 * removed element's new index. `setIndex` keeps the moved element's own index in step. */
function swapRemove(list: Replica[], i: number, setIndex: (r: Replica, i: number) => void): number {
  const last = list.pop()!;
  if (i < list.length) {
    list[i] = last;
    setIndex(last, i);
  }
  return -1;
}

const setBusyIndex = (r: Replica, i: number): void => {
  r.busyIndex = i;
};
const setReadyIndex = (r: Replica, i: number): void => {
  r.readyIndex = i;
};
