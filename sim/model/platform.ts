// The OpenFaaS platform as a caller sees it: the gateway (timeouts, scale from zero), the
// provider's routing to a ready replica (and its own timeout), and each replica's
// of-watchdog (max_inflight, exec_timeout). Replicas, nodes and CPU sharing are the
// cluster's (cluster.ts and the parts it names). Status codes follow
// docs/openfaas-behaviour.md: 429 saturated watchdog, 500 provider timeout,
// 502 gateway upstream timeout, 503 no ready replica, 504 exec timeout, and a closed
// connection when the gateway's write_timeout passes first. One refinement, from the
// faas-provider source (serve.go sets the server's WriteTimeout, proxy.go's client has the
// ReadTimeout): the write deadline starts when the request is read, before the proxy's
// timer, so with write_timeout <= read_timeout (faas-netes and Helm set them equal) the
// provider cannot write its 500 and drops the connection, and the gateway answers 502.
// The embedded provider does the same. A timed-out call's work goes on (orphaned work).
//
// One file, though longer than the others: its sections (gateway, provider and watchdog,
// timers and outcomes, the cluster's reports, lambda routing) are the steps of one thing, a
// call's path from the gateway to its outcome. Every step reads and writes the same flags of
// the call (held, running, holdsSlot, resolved), and maybeRelease returns a call to the pool
// only when all of them allow it. Split across files, that rule could no longer be checked
// in one reading.
import type { Sampler } from '../dist/sampler.ts';
import type { Uniform } from '../dist/spec.ts';
import type { Engine } from '../engine/engine.ts';
import { TimerLane } from '../engine/timer-lane.ts';
import { type Call, CallPool } from './call.ts';
import { Cluster, type ClusterStreams, type WorkListener } from './cluster.ts';
import type { SimConfig } from './config.ts';
import type { FnState } from './fn-state.ts';
import type { LambdaInstances } from './lambda-instances.ts';
import { CLIENT_TIMEOUT, CLOSED, E429, E500, E502, E503, E504, OK, OOM, OUTCOME_NAMES } from './outcome.ts';
import { MAX_SPANS, type Recorder } from './recorder.ts';
import type { ProcessorSharing } from './processor-sharing.ts';
import { INITIALISING, type Replica } from './replica.ts';
import type { ReplicaLifecycle } from './replica-lifecycle.ts';
import type { WarmPolicies } from './warm-policies.ts';

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

export interface PlatformStreams extends ClusterStreams {
  routing: Uniform;
  overhead: Uniform;
  /** Per function: its warm times, and its cold-call times when it has them (lambda). */
  warm: Sampler[];
  coldCall: (Sampler | null)[];
  firstCall: Uniform[];
}

export class Platform implements WorkListener {
  readonly cluster: Cluster;
  // The cluster's parts this side calls (cluster.ts), held directly: they are on every call's path.
  private readonly sharing: ProcessorSharing;
  private readonly lifecycle: ReplicaLifecycle;
  private readonly policies: WarmPolicies;
  private readonly lambda: LambdaInstances;
  readonly fns: FnState[];
  readonly pool = new CallPool();
  owners: CallOwner[] = [];
  driver: Driver | null = null;
  /** Called when the last live call is released (orphaned work included). */
  onQuiet: () => void = () => {};
  private readonly runEnd: number;
  /** When the provider ends a call, and how the caller hears it (see the header). */
  private readonly providerLimit: number;
  private readonly providerCode: number;
  private readonly evDispatch: number;
  private readonly evPoll: number;
  /** Each call's next deadline; almost all are cancelled by the call ending first. */
  private readonly timers: TimerLane;

  constructor(
    private readonly engine: Engine,
    private readonly cfg: SimConfig,
    private readonly rnd: PlatformStreams,
    readonly rec: Recorder,
  ) {
    this.runEnd = cfg.horizon + cfg.drainLimit;
    const { timeout, writeTimeout } = cfg.provider;
    this.providerLimit = Math.min(timeout, writeTimeout);
    this.providerCode = writeTimeout <= timeout ? E502 : E500;
    this.cluster = new Cluster(engine, cfg, rnd, rec, this);
    this.fns = this.cluster.fns;
    this.sharing = this.cluster.sharing;
    this.lifecycle = this.cluster.lifecycle;
    this.policies = this.cluster.policies;
    this.lambda = this.cluster.lambda;
    this.evDispatch = engine.on('dispatch', (id, gen) => this.onDispatch(id, gen));
    this.evPoll = engine.on('scale-from-zero poll', (fn) => this.onPoll(fn));
    this.timers = new TimerLane(engine, 'call timer', (id, gen) => this.onTimer(id, gen), (id, gen) => this.pool.calls[id]!.gen === gen);
    this.policies.onLoadedFor = (r, id) => this.loadedFor(r, id);
  }

  // ---- gateway -------------------------------------------------------------------------

  /** A call to function `fnIndex` enters the gateway now; its caller gives up `timeout`
   * seconds later (a relative time: usually a whole number, which V8 passes without
   * boxing). Its outcome may reach the owner before this returns (429, 503), so callers
   * keep no reference to the call. */
  invoke(fnIndex: number, owner: number, ownerId: number, ownerGen: number, timeout: number, trace: number, clip = -1, frame = -1): void {
    const c = this.pool.alloc();
    c.clip = clip;
    c.frame = frame;
    c.fn = fnIndex;
    c.owner = owner;
    c.ownerId = ownerId;
    c.ownerGen = ownerGen;
    c.trace = trace;
    c.tArrive = this.engine.now;
    c.clientDeadline = this.engine.now + timeout;
    c.driven = this.driver !== null && fnIndex === this.cfg.workflow?.orchestrator;
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
    if (this.policies.hasPolicies) this.policies.onCall(fn);
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
    if (c.clientDeadline <= this.runEnd) this.timers.at(c.clientDeadline, c.id, c.gen);
    if (fn.polling) return;
    fn.polling = true;
    fn.pollCount = 0;
    if (fn.desired === 0) this.lifecycle.setReplicas(fn, Math.max(fn.cfg.scaling.min, 1));
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
    // Ready by of-watchdog's lock (readiness 'watchdog') but its process cannot take the call
    // yet: the watchdog answers 500 at once (its upstream refuses the connection).
    if (r.state === INITIALISING) return this.resolve(c, E500);
    if (r.inflight >= fn.cfg.maxInflight) return this.resolve(c, E429);
    this.scheduleDeadlines(c, fn);
    this.admit(c, r);
  }

  private scheduleDeadlines(c: Call, fn: FnState): void {
    const now = this.engine.now;
    c.execDeadline = now + fn.cfg.execTimeout;
    const first = Math.min(c.execDeadline, now + this.providerLimit, now + this.cfg.gateway.upstreamTimeout, c.clientDeadline);
    // A deadline after the run's end would only sit in the heap: the run is cut before it.
    if (first <= this.runEnd) this.timers.at(first, c.id, c.gen);
  }

  /** The watchdog accepts the call: its work joins the replica's processor-sharing set. */
  private admit(c: Call, r: Replica): void {
    const fn = r.fn;
    const i = fn.cfg.index;
    const work = this.rnd.warm[i]!.next(); // for the orchestrator: its own start-up work
    if (r.firstCallPending) {
      r.firstCallPending = false;
      c.firstCall = true;
      this.rec.firstCalls[i]!++;
      const penalty = fn.cfg.firstCall.sample(this.rnd.firstCall[i]!);
      // A lambda instance serves one call at a time: nothing can arrive while it primes.
      if (fn.cfg.scaling.mode === 'lambda') return this.occupy(c, r, work + penalty);
      this.take(c, r);
      return this.sharing.prime(r, penalty, work, c.id);
    }
    this.occupy(c, r, work);
  }

  /** The call takes a watchdog slot on r and its work starts. */
  private occupy(c: Call, r: Replica, work: number): void {
    this.take(c, r);
    this.sharing.addJob(r, work, c.id);
  }

  /** The call takes a watchdog slot on r. */
  private take(c: Call, r: Replica): void {
    const fn = r.fn;
    r.inflight++;
    fn.inflight++;
    if (r.inflight > this.rec.maxInflightSeen[fn.cfg.index]!) this.rec.maxInflightSeen[fn.cfg.index] = r.inflight;
    c.replica = r;
    c.running = true;
    c.holdsSlot = true;
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
        const provider = c.tRoute + this.providerLimit;
        const upstream = c.tRoute + this.cfg.gateway.upstreamTimeout;
        const first = Math.min(c.execDeadline, provider, upstream, c.clientDeadline);
        if (first > now) return; // a stale timer (e.g. the hold's client deadline was re-armed)
        code = c.execDeadline === first ? E504 : provider === first ? this.providerCode : upstream === first ? E502 : CLIENT_TIMEOUT;
      } else if (c.clientDeadline > now) return;
      if (code === E504) this.releaseSlot(c);
      this.resolve(c, code);
      if (c.holdsSlot && c.execDeadline > now && c.execDeadline <= this.runEnd) {
        this.timers.at(c.execDeadline, c.id, c.gen); // the watchdog still frees its slot then
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

  /**
   * The orchestrator's own work between stage calls (recording the call, preparing the
   * next: the profile's overheads.orchestrator), run on the replica driving `driver` as a
   * job its other requests' work shares. The owner hears OK when it is done, or OOM when the
   * replica dies first. The work is drawn here, from `work`: a double passed to this call
   * (V8 does not inline it) would be boxed, an allocation per Task.
   */
  orchestratorWork(driver: Call, work: Sampler, owner: number, ownerId: number, ownerGen: number): void {
    const r = driver.replica!;
    const c = this.pool.alloc();
    c.internal = true;
    c.fn = driver.fn;
    c.owner = owner;
    c.ownerId = ownerId;
    c.ownerGen = ownerGen;
    c.tArrive = this.engine.now;
    c.tRoute = this.engine.now;
    c.replica = r;
    c.running = true;
    this.sharing.addJob(r, work.next(), c.id);
  }

  /** Internal work ended (done, or its replica killed): tell the owner, free the call. */
  private endInternal(c: Call, code: number): void {
    c.running = false;
    c.resolved = true;
    c.outcome = code;
    this.owners[c.owner]!.onOutcome(c.ownerId, c.ownerGen, c, code);
    this.maybeRelease(c);
  }

  /** The orchestrator finished (or gave up on) the pipeline it was driving. */
  finishDriven(c: Call, code: number): void {
    c.running = false;
    const r = c.replica!;
    r.driving--;
    this.releaseSlot(c);
    this.afterWork(r, c);
    if (!c.resolved) this.resolve(c, code);
    else this.orphanDone(c);
    this.maybeRelease(c);
  }

  private span(c: Call, now: number): void {
    if (this.rec.spans.length >= MAX_SPANS) return;
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

  // ---- work reported by the cluster ----------------------------------------------------

  workDone(r: Replica, callId: number): void {
    const c = this.pool.calls[callId]!;
    if (c.internal) {
      this.lifecycle.settle(r);
      return this.endInternal(c, OK);
    }
    if (c.driven && !c.drivenStarted) {
      // The orchestrator's own start-up work is done; now it drives the pipeline, even when
      // its caller has given up: the process keeps going.
      c.drivenStarted = true;
      r.driving++;
      this.driver!.begin(c);
      return;
    }
    c.running = false;
    this.releaseSlot(c);
    this.afterWork(r, c);
    if (!c.resolved) this.resolve(c, OK);
    else this.orphanDone(c);
    this.maybeRelease(c);
  }

  private afterWork(r: Replica, c: Call): void {
    this.rec.invocationGBs += (this.engine.now - c.tRoute) * r.fn.cfg.chargedMemoryGB;
    this.lifecycle.settle(r);
  }

  killed(r: Replica, callIds: number[]): void {
    for (const id of callIds) this.pool.calls[id]!.running = false;
    // Calls holding a slot here include drivers whose work is the pipeline, not a job.
    // A scan of live calls: OOM kills are rare, and this keeps no per-replica call lists.
    for (const c of this.pool.calls) {
      if (c.pooled || c.replica !== r || (!c.holdsSlot && !c.running)) continue;
      if (c.internal) {
        this.endInternal(c, OOM);
        continue;
      }
      c.running = false;
      this.releaseSlot(c);
      if (c.driven && c.drivenStarted) {
        r.driving--;
        this.driver!.lost(c);
      }
      if (!c.resolved) this.resolve(c, OOM);
      this.maybeRelease(c);
    }
    for (const id of callIds) this.maybeRelease(this.pool.calls[id]!);
  }

  // ---- lambda-style instances ----------------------------------------------------------

  /** A request goes to the most recently created idle instance, or a new one is made. */
  private routeLambda(c: Call, fn: FnState): void {
    const now = this.engine.now;
    c.tRoute = now;
    const i = fn.cfg.index;
    const idle = fn.popIdle(this.lambda.idleValid);
    if (idle) {
      this.scheduleDeadlines(c, fn);
      return this.admit(c, idle);
    }
    // A pre-warmed instance still loading: wait for it rather than start another
    // (warm-policies.ts lambdaLoading; loadedFor hands it over).
    if (this.policies.hasPolicies && this.lambda.waitForLoading(c, fn)) {
      c.held = true;
      c.cold = true;
      if (c.clientDeadline <= this.runEnd) this.timers.at(c.clientDeadline, c.id, c.gen);
      return;
    }
    if (fn.replicas.length >= fn.cfg.scaling.max) this.lambda.sweepExpired();
    if (fn.replicas.length >= fn.cfg.scaling.max) return this.resolve(c, E429); // concurrency limit
    const r = this.lambda.newInstance(fn);
    if (!r) return this.resolve(c, E503);
    c.cold = true;
    c.firstCall = true;
    this.rec.firstCalls[i]!++;
    const cfg = fn.cfg;
    const coldCall = this.rnd.coldCall[i]!;
    const work = coldCall
      ? coldCall.next()
      : cfg.containerStart.sample(this.rnd.containerStart[i]!) +
        cfg.init.sample(this.rnd.init[i]!) +
        cfg.firstCall.sample(this.rnd.firstCall[i]!) +
        this.rnd.warm[i]!.next();
    this.scheduleDeadlines(c, fn);
    this.occupy(c, r, work);
  }

  /** The pre-warmed instance call `id` waited for has loaded: the call takes it, unless its
   * caller gave up meanwhile (then the instance goes idle, as any loaded pre-warm). */
  private loadedFor(r: Replica, id: number): void {
    const c = this.pool.calls[id]!;
    c.held = false;
    if (c.resolved) {
      this.maybeRelease(c);
      return this.lambda.idle(r, this.engine.now);
    }
    c.tRoute = this.engine.now;
    this.scheduleDeadlines(c, r.fn);
    this.admit(c, r);
  }
}
