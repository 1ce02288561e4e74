// The OpenFaaS platform: gateway (timeouts, scale from zero), provider (replicas, random
// routing to a ready replica, readiness probes, its own timeout) and each replica's
// of-watchdog (max_inflight, exec_timeout), on nodes whose cores are shared.
// Status codes follow DESIGN.md: 429 saturated watchdog, 500 provider timeout, 502 gateway
// upstream timeout, 503 no ready replica, 504 exec timeout, and a closed connection when the
// gateway's write_timeout passes first. A timed-out call's work goes on (orphaned work).
import type { Uniform } from '../dist/spec.ts';
import type { Engine } from '../engine/engine.ts';
import { type Call, CallPool } from './call.ts';
import type { SimConfig } from './config.ts';
import { FnState } from './fn-state.ts';
import { NodeState, progressRate } from './node-state.ts';
import { CLIENT_TIMEOUT, CLOSED, E429, E500, E502, E503, E504, OK, OOM, OUTCOME_NAMES } from './outcome.ts';
import type { Recorder } from './recorder.ts';
import { DEAD, DRAINING, INIT_JOB, INITIALISING, PROBING, READY, Replica, STARTING } from './replica.ts';

/** Who made a call hears its outcome once, when the caller-facing result is known. */
export interface CallOwner {
  onOutcome(ownerId: number, ownerGen: number, call: Call, code: number): void;
}

/** The orchestrator's pipeline: started when an orchestrator call's own work is done. */
export interface Driver {
  begin(call: Call): void;
  /** The orchestrator process died (OOM) while driving this call. */
  lost(call: Call): void;
}

export interface PlatformStreams {
  routing: Uniform;
  overhead: Uniform;
  warm: Uniform[];
  containerStart: Uniform[];
  init: Uniform[];
  firstCall: Uniform[];
}

export class Platform {
  readonly fns: FnState[];
  readonly nodes: NodeState[];
  readonly replicas: Replica[] = [];
  readonly pool = new CallPool();
  owners: CallOwner[] = [];
  /** Called when the last live call is released (orphaned work included). */
  onQuiet: () => void = () => {};
  driver: Driver | null = null;
  private seq = 0;
  private readonly runEnd: number;
  private readonly evDispatch: number;
  private readonly evPoll: number;
  private readonly evContainerUp: number;
  private readonly evReady: number;
  private readonly evJobDone: number;
  private readonly evNodeDone: number;
  private readonly evTimer: number;

  constructor(
    private readonly engine: Engine,
    private readonly cfg: SimConfig,
    private readonly rnd: PlatformStreams,
    readonly rec: Recorder,
  ) {
    this.runEnd = cfg.horizon + cfg.drainLimit;
    const a = cfg.autoscaler;
    const ringSize = Math.ceil(a.window / a.interval) + 1;
    this.fns = cfg.functions.map((f) => new FnState(f, ringSize));
    this.nodes = cfg.nodes.map((n, i) => new NodeState(n, i));
    this.evDispatch = engine.on('dispatch', (id, gen) => this.onDispatch(id, gen));
    this.evPoll = engine.on('scale-from-zero poll', (fn) => this.onPoll(fn));
    this.evContainerUp = engine.on('container up', (id, gen) => this.onContainerUp(id, gen));
    this.evReady = engine.on('readiness probe passed', (id, gen) => this.onReady(id, gen));
    this.evJobDone = engine.on('job done', (id, gen) => this.onJobDone(id, gen));
    this.evNodeDone = engine.on('node job done', (node, gen) => this.onNodeDone(node, gen));
    this.evTimer = engine.on('call timer', (id, gen) => this.onTimer(id, gen));
  }

  /** Brings each function to its regime at t = 0: warm = min replicas ready, cold = none. */
  warmUp(): void {
    if (this.cfg.regime === 'cold') return;
    for (const fn of this.fns) {
      if (fn.cfg.scaling.mode === 'lambda') continue;
      fn.desired = fn.cfg.scaling.min;
      for (let i = 0; i < fn.desired; i++) {
        const r = this.place(fn);
        if (!r) break;
        r.f = fn.cfg.cpuFraction;
        this.markReady(r);
        r.firstCallPending = false; // warm: the first call already happened before t = 0
      }
    }
  }

  // ---- gateway -------------------------------------------------------------------------

  /** A call to function `fnIndex` enters the gateway now. Its outcome may reach the owner
   * before this returns (429, 503), so callers keep no reference to the call. */
  invoke(fnIndex: number, owner: number, ownerId: number, ownerGen: number, clientDeadline: number, trace: number, clip = -1, frame = -1): void {
    const c = this.pool.alloc();
    c.clip = clip;
    c.frame = frame;
    c.fn = fnIndex;
    c.owner = owner;
    c.ownerId = ownerId;
    c.ownerGen = ownerGen;
    c.trace = trace;
    c.tArrive = this.engine.now;
    c.clientDeadline = clientDeadline;
    c.driven = this.driver !== null && fnIndex === this.cfg.pipeline.stages.orchestrator && this.cfg.target === 'pipeline';
    const overhead = this.cfg.gateway.overhead;
    if (overhead) this.engine.after(overhead.sample(this.rnd.overhead), this.evDispatch, c.id, c.gen);
    else this.dispatch(c);
  }

  private onDispatch(id: number, gen: number): void {
    const c = this.pool.calls[id]!;
    if (c.gen === gen && !c.resolved) this.dispatch(c);
  }

  private dispatch(c: Call): void {
    const fn = this.fns[c.fn]!;
    fn.started++;
    fn.lastActivity = this.engine.now;
    if (fn.cfg.scaling.mode === 'lambda') return this.routeLambda(c, fn);
    if (fn.ready.length === 0 && this.cfg.gateway.scaleFromZero) return this.hold(c, fn);
    this.route(c, fn);
  }

  /** Scale from zero: block the caller, ask for replicas once, poll readiness every 100 ms. */
  private hold(c: Call, fn: FnState): void {
    c.held = true;
    c.cold = true;
    fn.held.push(c.id);
    this.rec.heldCalls[c.fn]!++;
    if (c.clientDeadline <= this.runEnd) this.engine.at(c.clientDeadline, this.evTimer, c.id, c.gen);
    if (fn.polling) return;
    fn.polling = true;
    fn.pollCount = 0;
    if (fn.desired === 0) this.setReplicas(fn, Math.max(fn.cfg.scaling.min, 1));
    this.engine.after(this.cfg.gateway.pollInterval, this.evPoll, fn.cfg.index, 0);
  }

  private onPoll(fnIndex: number): void {
    const fn = this.fns[fnIndex]!;
    fn.pollCount++;
    if (fn.ready.length === 0 && fn.pollCount < this.cfg.gateway.pollLimit) {
      this.engine.after(this.cfg.gateway.pollInterval, this.evPoll, fnIndex, 0);
      return;
    }
    // Ready (or out of patience: forward anyway). Everyone waiting is released together.
    fn.polling = false;
    const held = fn.held.splice(0, fn.held.length);
    for (const id of held) {
      const c = this.pool.calls[id]!;
      c.held = false;
      if (c.resolved) this.maybeRelease(c);
      else this.route(c, fn);
    }
  }

  // ---- provider and watchdog -------------------------------------------------------------

  private route(c: Call, fn: FnState): void {
    const now = this.engine.now;
    c.tRoute = now;
    const n = fn.ready.length;
    if (n === 0) return this.resolve(c, E503);
    const r = fn.ready[n === 1 ? 0 : Math.floor(this.rnd.routing() * n)]!;
    if (r.inflight >= fn.cfg.maxInflight) return this.resolve(c, E429);
    this.scheduleDeadlines(c, fn);
    this.admit(c, r);
  }

  private scheduleDeadlines(c: Call, fn: FnState): void {
    const now = this.engine.now;
    c.execDeadline = now + fn.cfg.execTimeout;
    const first = Math.min(c.execDeadline, now + this.cfg.provider.timeout, now + this.cfg.gateway.upstreamTimeout, c.clientDeadline);
    // A deadline after the run's end would only sit in the heap: the run is cut before it.
    if (first <= this.runEnd) this.engine.at(first, this.evTimer, c.id, c.gen);
  }

  /** The watchdog accepts the call: its work joins the replica's processor-sharing set. */
  private admit(c: Call, r: Replica): void {
    const fn = r.fn;
    const i = fn.cfg.index;
    let work = fn.cfg.warm.sample(this.rnd.warm[i]!); // for the orchestrator: its own start-up work
    if (r.firstCallPending) {
      r.firstCallPending = false;
      c.firstCall = true;
      this.rec.firstCalls[i]!++;
      work += fn.cfg.firstCall.sample(this.rnd.firstCall[i]!);
    }
    this.occupy(c, r, work);
  }

  /** The call takes a watchdog slot on r and its work starts. */
  private occupy(c: Call, r: Replica, work: number): void {
    const fn = r.fn;
    r.inflight++;
    fn.inflight++;
    if (r.inflight > this.rec.maxInflightSeen[fn.cfg.index]!) this.rec.maxInflightSeen[fn.cfg.index] = r.inflight;
    c.replica = r;
    c.running = true;
    c.holdsSlot = true;
    this.addJob(r, work, c.id);
  }

  // ---- timers and outcomes ---------------------------------------------------------------

  private onTimer(id: number, gen: number): void {
    const c = this.pool.calls[id]!;
    if (c.gen !== gen) return;
    const now = this.engine.now;
    if (!c.resolved) {
      let code = CLIENT_TIMEOUT;
      if (!c.held) {
        // The innermost layer answers first when deadlines tie: watchdog, provider, gateway, client.
        const provider = c.tRoute + this.cfg.provider.timeout;
        const upstream = c.tRoute + this.cfg.gateway.upstreamTimeout;
        const first = Math.min(c.execDeadline, provider, upstream, c.clientDeadline);
        if (first > now) return; // a stale timer (e.g. the hold's client deadline was re-armed)
        code = c.execDeadline === first ? E504 : provider === first ? E500 : upstream === first ? E502 : CLIENT_TIMEOUT;
      } else if (c.clientDeadline > now) return;
      if (code === E504) this.releaseSlot(c);
      this.resolve(c, code);
      if (c.holdsSlot && c.execDeadline > now && c.execDeadline <= this.runEnd) {
        this.engine.at(c.execDeadline, this.evTimer, c.id, c.gen); // the watchdog still frees its slot then
      }
    } else if (c.holdsSlot && now >= c.execDeadline) {
      this.releaseSlot(c);
    }
    this.maybeRelease(c);
  }

  private resolve(c: Call, code: number): void {
    const now = this.engine.now;
    // A gateway write_timeout shorter than the call: the socket closes with no status.
    if (code !== CLIENT_TIMEOUT && now - c.tArrive > this.cfg.gateway.writeTimeout) code = CLOSED;
    c.resolved = true;
    c.outcome = code;
    c.tResolved = now;
    this.rec.callOutcomes[c.fn]![code]!++;
    if (code === OK) {
      this.fns[c.fn]!.ok++;
      this.rec.stageLatency[c.fn]!.record(now - c.tArrive);
    }
    if (c.trace >= 0) this.span(c, now);
    this.owners[c.owner]!.onOutcome(c.ownerId, c.ownerGen, c, code);
    this.maybeRelease(c);
  }

  /** The orchestrator finished (or gave up on) the pipeline it was driving. */
  finishDriven(c: Call, code: number): void {
    c.running = false;
    const r = c.replica!;
    this.releaseSlot(c);
    this.afterWork(r, c);
    if (!c.resolved) this.resolve(c, code);
    else this.orphanDone(c);
    this.maybeRelease(c);
  }

  private span(c: Call, now: number): void {
    if (this.rec.spans.length >= 50_000) return;
    this.rec.spans.push({
      request: c.trace,
      fn: this.cfg.functions[c.fn]!.name,
      clip: c.clip,
      frame: c.frame,
      start: c.tArrive,
      route: Number.isNaN(c.tRoute) ? null : c.tRoute,
      end: now,
      outcome: OUTCOME_NAMES[c.outcome]!,
      cold: c.cold,
      firstCall: c.firstCall,
    });
  }

  private releaseSlot(c: Call): void {
    if (!c.holdsSlot) return;
    c.holdsSlot = false;
    const r = c.replica!;
    r.inflight--;
    r.fn.inflight--;
  }

  private maybeRelease(c: Call): void {
    if (c.resolved && !c.running && !c.holdsSlot && !c.held && !c.pooled) {
      this.pool.release(c);
      if (this.pool.live === 0) this.onQuiet();
    }
  }

  private orphanDone(c: Call): void {
    this.rec.orphans++;
    this.rec.orphanSeconds += this.engine.now - c.tResolved;
  }

  // ---- processor sharing -----------------------------------------------------------------

  private addJob(r: Replica, work: number, job: number): void {
    const now = this.engine.now;
    r.advance(now);
    if (r.jobs.length === 0) {
      if (r.node.shared) {
        r.busyIndex = r.node.busy.length;
        r.node.busy.push(r);
      }
      if (r.busySince < 0) r.busySince = now;
    }
    r.pushJob(work, job);
    r.node.demand += r.f;
    if (r.memoryMB() > r.fn.cfg.memoryLimitMB) return this.oomKill(r);
    this.rebalance(r);
  }

  private onJobDone(id: number, gen: number): void {
    const r = this.replicas[id]!;
    if (r.completionGen === gen) this.completeJob(r);
  }

  private onNodeDone(index: number, gen: number): void {
    const node = this.nodes[index]!;
    if (node.nextGen === gen && node.nextReplica) this.completeJob(node.nextReplica);
  }

  /** The replica's earliest job has finished its work. */
  private completeJob(r: Replica): void {
    const now = this.engine.now;
    r.advance(now);
    const job = r.popJob();
    r.node.demand -= r.f;
    if (r.jobs.length === 0) this.leaveBusy(r);
    if (job === INIT_JOB) {
      this.rebalance(r);
      return this.processHealthy(r);
    }
    const c = this.pool.calls[job]!;
    if (c.driven && !c.drivenStarted) {
      // The orchestrator's own start-up work is done; now it drives the pipeline.
      c.drivenStarted = true;
      this.rebalance(r);
      this.driver!.begin(c); // even when its caller has given up: the process keeps going
      return;
    }
    c.running = false;
    this.releaseSlot(c);
    this.rebalance(r);
    this.afterWork(r, c);
    r.lastDeparture = now;
    if (!c.resolved) this.resolve(c, OK);
    else this.orphanDone(c);
    this.maybeRelease(c);
  }

  /** Recomputes job rates after a change on r's node and reschedules completions. On an
   * unshared node only r changed; on a shared node every busy replica's share may have, and
   * the node keeps a single event for its earliest completion. */
  private rebalance(changed: Replica): void {
    const node = changed.node;
    const now = this.engine.now;
    if (!node.shared) {
      changed.advance(now);
      changed.rate = progressRate(changed);
      changed.completionGen++;
      if (changed.jobs.length > 0) this.engine.after(changed.timeToNext(), this.evJobDone, changed.id, changed.completionGen);
      return;
    }
    let next = Infinity;
    let first: Replica | null = null;
    const busy = node.busy;
    for (let i = 0; i < busy.length; i++) {
      const r = busy[i]!;
      r.advance(now);
      r.rate = progressRate(r);
      const t = r.timeToNext();
      if (t < next) {
        next = t;
        first = r;
      }
    }
    node.nextGen++;
    node.nextReplica = first;
    if (first) this.engine.after(next, this.evNodeDone, node.index, node.nextGen);
  }

  private leaveBusy(r: Replica): void {
    if (r.busyIndex >= 0) r.busyIndex = swapRemove(r.node.busy, r.busyIndex, setBusyIndex);
    if (r.inflight === 0 && r.busySince >= 0) {
      r.busyTime += this.engine.now - r.busySince;
      r.busySince = -1;
    }
  }

  /** After a call's work: accounting, lambda idling, draining replicas may now stop. */
  private afterWork(r: Replica, c: Call): void {
    const now = this.engine.now;
    this.rec.invocationGBs += (now - c.tRoute) * r.fn.cfg.chargedMemoryGB;
    r.fn.lastActivity = now;
    if (r.inflight === 0 && r.jobs.length === 0 && r.busySince >= 0) {
      r.busyTime += now - r.busySince;
      r.busySince = -1;
    }
    if (r.state === DRAINING && r.jobs.length === 0 && r.inflight === 0) return this.destroy(r);
    if (r.fn.cfg.scaling.mode === 'lambda' && r.state === READY && r.inflight === 0) {
      // Expiry is lazy (no event per idle period): an instance idle past its keep-alive is
      // removed, at the time it expired, when it is next looked at or swept.
      r.idleGen++;
      r.lastDeparture = now;
      r.fn.pushIdle(r);
    }
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
    // Kubernetes removes not-ready pods first, then the newest.
    const victims = [...fn.replicas]
      .filter((r) => r.state !== DRAINING)
      .sort((a, b) => Number(a.state === READY) - Number(b.state === READY) || b.createdSeq - a.createdSeq);
    for (const r of victims.slice(0, active - n)) this.retire(r);
  }

  private place(fn: FnState): Replica | null {
    let best: NodeState | null = null;
    for (const node of this.nodes) {
      if (node.memoryUsedMB + fn.cfg.memBaseMB > node.cfg.memoryMB) continue;
      if (!best || node.replicaCount < best.replicaCount) best = node;
    }
    if (!best) {
      this.rec.unschedulable++;
      return null;
    }
    const r = new Replica(this.replicas.length, fn, best, this.engine.now, this.seq++);
    this.replicas.push(r);
    fn.replicas.push(r);
    best.replicaCount++;
    best.memoryUsedMB += fn.cfg.memBaseMB;
    return r;
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
    this.addJob(r, r.fn.cfg.init.sample(this.rnd.init[r.fn.cfg.index]!), INIT_JOB);
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
    if (r.jobs.length === 0 && r.inflight === 0) return this.destroy(r);
    r.state = DRAINING;
  }

  private destroy(r: Replica, at = this.engine.now): void {
    const now = at;
    this.unready(r);
    r.state = DEAD;
    r.lifeGen++;
    r.completionGen++;
    r.diedAt = now;
    const fn = r.fn;
    const i = fn.replicas.indexOf(r);
    if (i >= 0) fn.replicas.splice(i, 1);
    r.node.replicaCount--;
    r.node.memoryUsedMB -= fn.cfg.memBaseMB;
    this.closeCost(r, now);
  }

  closeCost(r: Replica, end: number): void {
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
    r.node.demand -= r.f * r.jobs.length;
    const jobs = r.jobs.slice();
    r.clearJobs();
    this.leaveBusy(r);
    r.completionGen++;
    for (const job of jobs) {
      if (job === INIT_JOB) continue;
      const c = this.pool.calls[job]!;
      c.running = false;
    }
    // Calls holding a slot here include drivers whose work is the pipeline, not a job.
    for (const c of this.pool.calls) {
      if (c.replica !== r || (!c.holdsSlot && !c.running)) continue;
      c.running = false;
      this.releaseSlot(c);
      if (c.driven && c.drivenStarted) this.driver!.lost(c);
      if (!c.resolved) this.resolve(c, OOM);
      this.maybeRelease(c);
    }
    for (const job of jobs) {
      if (job === INIT_JOB) continue;
      this.maybeRelease(this.pool.calls[job]!);
    }
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
    this.rebalance(r);
  }

  // ---- lambda-style instances ----------------------------------------------------------

  private readonly idleValid = (r: Replica, gen: number): boolean => {
    if (r.state !== READY || r.idleGen !== gen || r.inflight !== 0) return false;
    const expiry = r.lastDeparture + r.fn.cfg.scaling.keepAlive;
    if (expiry > this.engine.now) return true;
    this.destroy(r, expiry);
    return false;
  };

  /** Removes lambda instances idle past their keep-alive (at the time they expired). */
  sweepExpired(): void {
    const now = this.engine.now;
    for (const fn of this.fns) {
      if (fn.cfg.scaling.mode !== 'lambda') continue;
      const keepAlive = fn.cfg.scaling.keepAlive;
      for (let i = fn.replicas.length - 1; i >= 0; i--) {
        const r = fn.replicas[i]!;
        if (r.state === READY && r.inflight === 0 && r.lastDeparture + keepAlive <= now) this.destroy(r, r.lastDeparture + keepAlive);
      }
    }
  }

  /** A request goes to the most recently created idle instance, or a new one is made. */
  private routeLambda(c: Call, fn: FnState): void {
    const now = this.engine.now;
    c.tRoute = now;
    const i = fn.cfg.index;
    const idle = fn.popIdle(this.idleValid);
    if (idle) {
      this.scheduleDeadlines(c, fn);
      return this.admit(c, idle);
    }
    if (fn.replicas.length >= fn.cfg.scaling.max) this.sweepExpired();
    if (fn.replicas.length >= fn.cfg.scaling.max) return this.resolve(c, E429); // concurrency limit
    const r = this.place(fn);
    if (!r) return this.resolve(c, E503);
    this.rec.coldStarts[i]!++;
    r.state = READY; // not routable by the provider: lambda instances are chosen from the idle heap
    r.f = fn.cfg.cpuFraction;
    r.firstCallPending = false;
    c.cold = true;
    c.firstCall = true;
    this.rec.firstCalls[i]!++;
    const cfg = fn.cfg;
    const work = cfg.coldCall
      ? cfg.coldCall.sample(this.rnd.warm[i]!)
      : cfg.containerStart.sample(this.rnd.containerStart[i]!) +
        cfg.init.sample(this.rnd.init[i]!) +
        cfg.firstCall.sample(this.rnd.firstCall[i]!) +
        cfg.warm.sample(this.rnd.warm[i]!);
    this.scheduleDeadlines(c, fn);
    this.occupy(c, r, work);
  }

  // ---- end of run ------------------------------------------------------------------------

  /** Closes the books at the end of a replication. */
  finish(end: number): void {
    this.sweepExpired();
    for (const r of this.replicas) if (r.state !== DEAD) this.closeCost(r, end);
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
