// A replica's life, as Kubernetes and the OpenFaaS provider run it. It is placed on a node,
// its container starts (a delay), its process initialises (CPU work, an init job), then it
// waits for the readiness probe's next period. Ready, it takes calls. Scaled down, it drains
// what it has and dies. Killed for memory, it restarts in place with a new cold start. The
// scale calls (setReplicas) come from the autoscaler and the gateway's scale from zero.
// Lambda instances and pre-warms take their replicas from here too (place), so placement,
// death and the cost books are in one place for every kind.
// With readiness 'watchdog' (of-watchdog's default lock file, docs/openfaas-behaviour.md
// "Readiness") the probe passes once the container is up, so the replica joins fn.ready while
// still INITIALISING; the provider (platform.ts) fails the calls it routes there with 500.
//
// Kept apart from processor-sharing.ts: a life changes a few times per replica, a job on every
// call. The two call each other: an init job's end makes the process healthy, and a job over
// the memory limit is an OOM kill.
import type { Engine } from '../engine/engine.ts';
import type { ClusterStreams, WorkListener } from './cluster.ts';
import type { SimConfig } from './config.ts';
import type { FnState } from './fn-state.ts';
import type { LambdaInstances } from './lambda-instances.ts';
import type { NodeState } from './node-state.ts';
import type { ProcessorSharing } from './processor-sharing.ts';
import type { Recorder } from './recorder.ts';
import { DEAD, DRAINING, INIT_JOB, INITIALISING, PROBING, READY, Replica, STARTING, setReadyIndex, swapRemove } from './replica.ts';
import type { WarmPolicies } from './warm-policies.ts';

export class ReplicaLifecycle {
  /** By id. A dead replica waits in `dead` until a new one takes its object and id: a long
   * run starts replicas by the hundred thousand, and memory must not grow with them. */
  readonly replicas: Replica[] = [];
  private readonly dead: Replica[] = [];
  private seq = 0;
  private readonly evContainerUp: number;
  private readonly evReady: number;
  private readonly evLockReady: number;
  // The other parts of the cluster, set by the Cluster once all exist (they call back here).
  sharing!: ProcessorSharing;
  policies!: WarmPolicies;
  lambda!: LambdaInstances;

  constructor(
    private readonly engine: Engine,
    private readonly cfg: SimConfig,
    private readonly rnd: ClusterStreams,
    private readonly rec: Recorder,
    private readonly fns: FnState[],
    private readonly nodes: NodeState[],
    private readonly listener: WorkListener,
  ) {
    this.evContainerUp = engine.on('container up', (id, gen) => this.onContainerUp(id, gen));
    this.evReady = engine.on('readiness probe passed', (id, gen) => this.onReady(id, gen));
    this.evLockReady = engine.on('watchdog lock probe passed', (id, gen) => this.onLockReady(id, gen));
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

  /** Puts a new replica of fn on the node with the fewest replicas that has the memory
   * (Greedy-Dual first evicts idle instances to make room); null when none has. */
  place(fn: FnState): Replica | null {
    let best = this.nodeFor(fn);
    while (!best && this.policies.evictable && this.policies.evictOne()) best = this.nodeFor(fn);
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
    if (this.policies.hasPolicies) this.policies.placed(r);
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
    if (this.policies.warmupDue(r)) {
      // A pre-warm's warm-up call: the first-call penalty is paid while loading.
      r.firstCallPending = false;
      work += r.fn.cfg.firstCall.sample(this.rnd.firstCall[i]!);
    }
    this.sharing.addJob(r, work, INIT_JOB);
    // The watchdog writes its lock as it starts: the next probe passes, whatever init is doing.
    if (r.fn.cfg.readiness === 'watchdog') this.engine.at(this.nextProbe(r), this.evLockReady, r.id, r.lifeGen);
  }

  /** The first readiness probe at or after now: at createdAt + delay, then every period. */
  private nextProbe(r: Replica): number {
    const { readinessInitialDelay: delay, readinessPeriod: period } = this.cfg.provider;
    const first = r.createdAt + delay;
    const now = this.engine.now;
    return now <= first ? first : first + Math.ceil((now - first) / period - 1e-9) * period;
  }

  /** Readiness 'watchdog': routable while still initialising (its init job's end makes it READY). */
  private onLockReady(id: number, gen: number): void {
    const r = this.replicas[id]!;
    if (r.lifeGen !== gen || r.state !== INITIALISING || r.readyIndex >= 0) return;
    r.readyAt = this.engine.now;
    r.readyIndex = r.fn.ready.length;
    r.fn.ready.push(r);
  }

  /** The process answers /_/health (its init job is done); the readiness probe passes at
   * its next period. */
  processHealthy(r: Replica): void {
    r.f = r.fn.cfg.cpuFraction;
    if (r.state === DRAINING) return this.destroy(r);
    // Already routable by the watchdog's lock: it now serves what it is sent.
    if (r.readyIndex >= 0) {
      r.state = READY;
      if (r.fn.cfg.scaling.mode === 'lambda') this.lambda.touch(r);
      return;
    }
    r.state = PROBING;
    this.engine.at(this.nextProbe(r), this.evReady, r.id, r.lifeGen);
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
    if (r.fn.cfg.scaling.mode === 'lambda') this.lambda.touch(r);
  }

  private unready(r: Replica): void {
    if (r.readyIndex >= 0) r.readyIndex = swapRemove(r.fn.ready, r.readyIndex, setReadyIndex);
  }

  private retire(r: Replica): void {
    this.unready(r);
    if (r.jobCount === 0 && r.inflight === 0 && r.driving === 0) return this.destroy(r);
    r.state = DRAINING;
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
    if (r.state === DRAINING && r.jobCount === 0 && r.inflight === 0 && r.driving === 0) return this.destroy(r);
    if (r.fn.cfg.scaling.mode === 'lambda' && r.state === READY && r.inflight === 0 && r.driving === 0) this.lambda.idle(r, now);
  }

  /** r is gone (as of `at`: a lambda instance found expired died when it expired); its
   * object waits for the next replica placed. */
  destroy(r: Replica, at = this.engine.now): void {
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

  /** Over its memory limit: the container is killed with every call in it, then restarted. */
  oomKill(r: Replica): void {
    const fn = r.fn;
    this.rec.ooms[fn.cfg.index]!++;
    this.unready(r);
    const calls = this.sharing.dropJobs(r);
    this.listener.killed(r, calls);
    // A draining r is gone without one more look.
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

  /** Closes the cost books of the replicas still alive at the end of a replication. */
  closeLive(end: number): void {
    // In creation order, as the costs of the dead were added in the order they died: ids
    // are reused, so id order is not creation order.
    const live = this.replicas.filter((r) => r.state !== DEAD).sort((a, b) => a.createdSeq - b.createdSeq);
    for (const r of live) this.closeCost(r, end);
  }

  /** A replica's cost: GB-s for its whole life, and for the time it was busy. */
  private closeCost(r: Replica, end: number): void {
    if (r.busySince >= 0) {
      r.busyTime += end - r.busySince;
      r.busySince = -1;
    }
    this.rec.replicaGBs += (end - r.createdAt) * r.fn.cfg.chargedMemoryGB;
    this.rec.busyGBs += r.busyTime * r.fn.cfg.chargedMemoryGB;
  }
}
