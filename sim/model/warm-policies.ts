// Warm-instance policies applied: sim/policy's policies decide, and this applies their
// decisions to the cluster. A policy says when an idle lambda instance is unloaded
// (keep-alive), when an instance is started ahead of a call (pre-warm, Orion-style DAG
// pre-warm), and which idle instance goes when a new one needs the memory (Greedy-Dual
// priorities). Policies never touch replicas themselves (sim/policy/warm-policy.ts says
// why), so everything that does is here: the per-replica unload times and priorities, the
// pending pre-warms, and the evictions.
//
// A scenario that sets no policy pays for none: hasPolicies is false, the gateway does not
// report calls (onCall), and placement records nothing here.
import type { Engine } from '../engine/engine.ts';
import { createKeepAlive, createPrewarm } from '../policy/registry.ts';
import type { DagPrewarm } from '../policy/dag-prewarm.ts';
import type { KeepAlivePolicy, PrewarmPolicy } from '../policy/warm-policy.ts';
import type { ClusterStreams } from './cluster.ts';
import { type SimConfig, callChain } from './config.ts';
import type { FnState } from './fn-state.ts';
import type { Recorder } from './recorder.ts';
import { READY, type Replica, STARTING } from './replica.ts';
import type { ReplicaLifecycle } from './replica-lifecycle.ts';

/** Second argument of a pre-warm event that no call cancels (DAG pre-warm): -1 - the
 * rule's index in `rules` (keep-alive pre-warms carry their generation, ≥ 0). */
const dagEvent = (rule: number) => -1 - rule;

export class WarmPolicies {
  readonly keepAlive: (KeepAlivePolicy | null)[];
  readonly prewarm: (PrewarmPolicy | null)[];
  /** Some function has a policy: calls must be reported (onCall). */
  readonly hasPolicies: boolean;
  /** Some keep-alive policy gives eviction priorities (placement may evict to make room). */
  readonly evictable: boolean;
  private clock = 0; // Greedy-Dual: the priority of the last eviction
  evictions = 0;
  /** Per replica id (policy functions only): when it is unloaded if still idle, and its
   * eviction priority. */
  private readonly idleUntil: number[] = [];
  private readonly priority: number[] = [];
  /** Per replica id: 1 when a pre-warm started it with a warm-up call. */
  private readonly warmup: number[] = [];
  private warmupNext = 0;
  /** Per function: the pending keep-alive pre-warm (cancelled by a call) and its keep-until. */
  private readonly prewarmGen: Int32Array;
  private readonly prewarmKeep: Float64Array;
  /** Every DAG pre-warm rule, and per function the rules its calls start (a rule's trigger:
   * the function it sits on, or its `after`). */
  private readonly rules: DagPrewarm[] = [];
  private readonly byTrigger: number[][];
  /** Per replica id (lambda): the call waiting for this pre-warmed instance to load, else -1
   * (Platform.routeLambda; see lambdaLoading). */
  private readonly waiting: number[] = [];
  /** Gives a loaded instance to the call waiting for it (set by the platform). */
  onLoadedFor: (r: Replica, callId: number) => void = () => {};
  private readonly evPrewarm: number;
  private readonly evLoaded: number;

  constructor(
    private readonly engine: Engine,
    cfg: SimConfig,
    private readonly rnd: ClusterStreams,
    private readonly rec: Recorder,
    private readonly fns: FnState[],
    private readonly lifecycle: ReplicaLifecycle,
  ) {
    this.evPrewarm = engine.on('pre-warm', (fn, gen) => this.onPrewarm(fn, gen));
    this.evLoaded = engine.on('pre-warmed instance loaded', (id, gen) => this.onLoaded(id, gen));
    const names = cfg.functions.map((f) => f.name);
    const chain = callChain(cfg);
    this.keepAlive = cfg.functions.map((fn) => (fn.policy.keepAlive ? createKeepAlive(fn.policy.keepAlive, { fn, names, chain }) : null));
    const workflow = cfg.workflow;
    this.prewarm = cfg.functions.map((fn) => (fn.policy.prewarm ? createPrewarm(fn.policy.prewarm, { fn, names, chain, workflow }) : null));
    this.hasPolicies = this.keepAlive.some((p) => p !== null) || this.prewarm.some((p) => p !== null);
    this.evictable = this.keepAlive.some((p) => p?.priority !== undefined);
    const n = cfg.functions.length;
    this.prewarmGen = new Int32Array(n);
    this.prewarmKeep = new Float64Array(n);
    this.byTrigger = cfg.functions.map(() => []);
    // In function order, so rules sharing a trigger schedule their pre-warms in a fixed order.
    for (const p of this.prewarm) {
      if (p === null) continue;
      const rule = p as DagPrewarm;
      this.byTrigger[rule.trigger]!.push(this.rules.push(rule) - 1);
    }
  }

  /** A call to fn arrived (the gateway dispatches it now). */
  onCall(fn: FnState): void {
    const i = fn.cfg.index;
    const now = this.engine.now;
    const keep = this.keepAlive[i]!;
    if (keep !== null) {
      keep.onInvocation(now, fn.inflight);
      this.prewarmGen[i]!++; // a pre-warm planned for the next call is moot
    }
    const rules = this.byTrigger[i]!;
    for (let k = 0; k < rules.length; k++) {
      const rule = this.rules[rules[k]!]!;
      const at = rule.onInvocation(now);
      if (at === at) this.engine.at(at > now ? at : now, this.evPrewarm, rule.target, dagEvent(rules[k]!));
    }
  }

  /** A replica was just placed (only when some function has a policy): kept until told
   * otherwise, last to be evicted, and warmed up if a pre-warm with a warm-up call placed it. */
  placed(r: Replica): void {
    this.idleUntil[r.id] = Infinity;
    this.priority[r.id] = Infinity;
    this.warmup[r.id] = this.warmupNext;
  }

  /** r's container is up: true once if a pre-warm asked for its warm-up call. */
  warmupDue(r: Replica): boolean {
    if (this.warmup[r.id] !== 1) return false;
    this.warmup[r.id] = 0;
    return true;
  }

  /** Applies a keep-alive decision to r, idle from now; false when r was unloaded. */
  applyIdle(r: Replica, policy: KeepAlivePolicy, now: number): boolean {
    const d = policy.onIdle(now, r.fn.inflight);
    if (policy.priority) this.priority[r.id] = policy.priority(this.clock);
    if (d.prewarmAt === d.prewarmAt) {
      const i = r.fn.cfg.index;
      this.prewarmKeep[i] = d.prewarmKeepUntil;
      this.engine.at(d.prewarmAt > now ? d.prewarmAt : now, this.evPrewarm, i, ++this.prewarmGen[i]!);
    }
    if (d.keepUntil <= now) {
      this.lifecycle.destroy(r);
      return false;
    }
    this.idleUntil[r.id] = d.keepUntil;
    return true;
  }

  /** When an idle lambda instance is unloaded: its policy's decision, or the fixed keep-alive. */
  expiry(r: Replica): number {
    return this.keepAlive[r.fn.cfg.index] === null ? r.lastDeparture + r.fn.cfg.scaling.keepAlive : this.idleUntil[r.id]!;
  }

  private onPrewarm(fnIndex: number, gen: number): void {
    const fn = this.fns[fnIndex]!;
    const rule = gen < 0 ? this.rules[-1 - gen]! : null;
    if (rule === null && gen !== this.prewarmGen[fnIndex]) return;
    const count = rule === null ? 1 : rule.count;
    if (fn.cfg.scaling.mode !== 'lambda') {
      // OpenFaaS: start replicas of a function at zero, as the gateway would on a call, or
      // add to too few: enough that `count` calls each find a worker free, within the
      // function's range (a count of 1 starts its minimum, as scale from zero does).
      if (fn.held.length > 0) return;
      const cfg = fn.cfg;
      const active = fn.activeCount();
      const perReplica = Math.min(cfg.maxInflight, cfg.workers);
      const need = Math.min(cfg.scaling.max, Math.max(cfg.scaling.min, 1, Math.ceil(count / perReplica)));
      if (active > 0 && active >= need) return;
      fn.lastActivity = this.engine.now; // the idler counts idleness from the pre-warm
      this.warmupNext = rule === null || rule.spec.warmup ? 1 : 0;
      this.lifecycle.setReplicas(fn, active === 0 ? need : Math.max(need, fn.desired));
      this.warmupNext = 0;
      return;
    }
    // Lambda: load instances until `count` are idle or loading and not yet claimed.
    const now = this.engine.now;
    let have = 0;
    for (const r of fn.replicas) {
      if ((r.state === STARTING && this.waiting[r.id] === -1) || (r.state === READY && r.inflight === 0 && r.jobCount === 0 && this.expiry(r) > now)) have++;
    }
    for (; have < count; have++) {
      if (fn.replicas.length >= fn.cfg.scaling.max) return;
      const r = this.lifecycle.place(fn);
      if (!r) return;
      this.rec.coldStarts[fnIndex]!++;
      this.waiting[r.id] = -1;
      const cfg = fn.cfg;
      // Kept until the keep-alive policy's pre-warm window ends; a DAG pre-warm's instance is
      // kept as an instance after a call would be (NaN: decided when it has loaded).
      this.idleUntil[r.id] = rule !== null ? NaN : this.prewarmKeep[fnIndex]!;
      const load = cfg.coldCall
        ? Math.max(0, cfg.coldCall.mean() - cfg.warm.mean())
        : cfg.containerStart.sample(this.rnd.containerStart[fnIndex]!) + cfg.init.sample(this.rnd.init[fnIndex]!) + cfg.firstCall.sample(this.rnd.firstCall[fnIndex]!);
      this.engine.at(now + load, this.evLoaded, r.id, r.lifeGen);
    }
  }

  /** A lambda call found no idle instance: a pre-warmed one still loading that no other
   * call waits for, which the call now waits for (null: none, start a cold one). FAVE's
   * choice, docs/workflows.md says why: the pre-warm exists to serve this call. */
  lambdaLoading(fn: FnState, callId: number): Replica | null {
    for (const r of fn.replicas) {
      if (r.state === STARTING && this.waiting[r.id] === -1) {
        this.waiting[r.id] = callId;
        return r;
      }
    }
    return null;
  }

  /** A pre-warmed lambda instance has loaded: it joins the idle instances. */
  private onLoaded(id: number, gen: number): void {
    const r = this.lifecycle.replicas[id]!;
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
    const waiter = this.waiting[id]!;
    this.waiting[id] = -1;
    if (waiter >= 0) return this.onLoadedFor(r, waiter);
    if (this.expiry(r) <= now) return this.lifecycle.destroy(r);
    this.lifecycle.lambda.touch(r);
    r.fn.pushIdle(r);
  }

  /** Greedy-Dual: evicts the idle instance with the lowest priority; false if none is idle. */
  evictOne(): boolean {
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
    this.lifecycle.destroy(victim);
    return true;
  }
}
