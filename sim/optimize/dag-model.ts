// The model the pre-warm optimizer (dag-plan.ts) scores a plan with: one request through any
// workflow of the ASL subset, every function at zero when it arrives (the regime pre-warming
// is for: rare requests, scale to zero in between), replayed as a small discrete-event run
// per sample path. Each Task's call is a gateway call; a Parallel ends with its slowest
// branch; a Map draws its item count per path and ends with its slowest item (the order
// statistic of N draws, not the first item), its items started up to MaxConcurrency at once;
// in `sequential` mode branches and items run one at a time. Retry and Catch are left out
// (no call fails in the model).
//
// Instances, as the simulator keeps them (sim/model/warm-policies.ts, platform.ts):
// - Lambda: a call takes an idle instance, else waits for a pre-warmed one still loading
//   that no other call waits for, else starts its own (container start + init + first call
//   + warm, all one busy call). A pre-warm loads instances until `count` are idle or loading
//   and unclaimed; their load (container start + init + first call) is idle time.
// - OpenFaaS: the first call (or pre-warm) of a function at zero starts its replicas
//   (minimum, or enough for `count` calls at once); ready after container start + init
//   (+ the warm-up call's first-call penalty), rounded up to the readiness probe; calls
//   arriving meanwhile are held and released at the gateway's next 100 ms poll after ready.
//   Calls on one replica are not slowed by each other here (the simulator shares its CPU).
// A rule fires on every call to its trigger (each call schedules a pre-warm), as in the
// simulator. Idle GB-s per request are counted as the simulator counts them: an instance's
// life (creation to the end of its keep window after its last call) less its busy time
// (its calls, and an OpenFaaS replica's init), times its memory; the CLI shows a plan's idle
// over the plan "never", as it shows the simulator's.
import type { Uniform } from '../dist/spec.ts';
import type { FunctionConfig, SimConfig, WorkflowConfig } from '../model/config.ts';
import { createStreams } from '../random/streams.ts';
import { fanOut } from '../workflow/steps.ts';
import { MAP, PARALLEL, TASK } from '../workflow/plan.ts';
import { EventHeap } from './event-heap.ts';

/** One pre-warm rule: `trigger` is a function index (the orchestrator: the start). */
export interface Rule {
  trigger: number;
  delay: number;
}
/** Per function index: its rule, or null (never pre-warmed). */
export type Plan = (Rule | null)[];

export interface Score {
  p95: number; // end-to-end, s
  idleGBs: number; // mean per request
}

interface Fn {
  lambda: boolean;
  alwaysWarm: boolean; // OpenFaaS with replicas that never go to zero
  memGB: number;
  replicasFor: number; // OpenFaaS: replicas a pre-warm starts (its count's)
  minReplicas: number;
  count: number; // Lambda: instances a pre-warm loads
  keep: number; // idle seconds before it is unloaded
  warmup: boolean;
  cold: FunctionConfig;
}

/** Per path and function, draws in call order: the k-th call (or pre-warm) of a function
 * on a path gets the same numbers whatever the plan (common random numbers). */
class Draws {
  private readonly u: Uniform[];
  readonly warm: number[][] = [];
  readonly start: number[][] = [];
  readonly init: number[][] = [];
  readonly first: number[][] = [];
  constructor(
    private readonly cfg: SimConfig,
    seed: number,
    path: number,
  ) {
    const streams = createStreams(seed);
    this.u = cfg.functions.map((f) => streams.stream(`dag-model/${path}/${f.name}`));
    for (let f = 0; f < cfg.functions.length; f++) {
      this.warm.push([]);
      this.start.push([]);
      this.init.push([]);
      this.first.push([]);
    }
  }
  /** Call k's warm time and a load's parts (container start, init, first call) of function f. */
  at(f: number, k: number): void {
    const fn = this.cfg.functions[f]!;
    const u = this.u[f]!;
    while (this.warm[f]!.length <= k) {
      this.warm[f]!.push(Math.max(0, fn.warm.sample(u)));
      this.start[f]!.push(Math.max(0, fn.containerStart.sample(u)));
      this.init[f]!.push(Math.max(0, fn.init.sample(u)));
      this.first[f]!.push(Math.max(0, fn.firstCall.sample(u)));
    }
  }
}

export class DagModel {
  readonly wf: WorkflowConfig;
  private readonly fns: Fn[];
  private readonly paths: Draws[] = [];
  private readonly counts: Uniform[] = [];
  private readonly gap: number;
  private readonly e2e: Float64Array;

  constructor(
    readonly cfg: SimConfig,
    readonly samples: number,
    readonly seed: number,
  ) {
    if (!cfg.workflow) throw new Error(`DagModel: scenario '${cfg.name}' runs no workflow`);
    this.wf = cfg.workflow;
    const wf = this.wf;
    this.fns = cfg.functions.map((fn, i) => {
      const lambda = fn.scaling.mode === 'lambda';
      const count = fanOut(wf, i);
      const pre = fn.policy.prewarm;
      return {
        lambda,
        alwaysWarm: !lambda && !fn.scaling.zero,
        memGB: fn.chargedMemoryGB,
        replicasFor: Math.min(fn.scaling.max, Math.max(fn.scaling.min, 1, Math.ceil(count / Math.min(fn.maxInflight, fn.workers)))),
        minReplicas: Math.max(fn.scaling.min, 1),
        count,
        keep: lambda ? fn.scaling.keepAlive : fn.scaling.zero ? fn.scaling.zeroDuration : 0,
        warmup: pre?.warmup !== false,
        cold: fn,
      };
    });
    const mean = (d: { mean(): number } | null) => (d ? d.mean() : 0);
    const state = cfg.state.mode === 'off' ? 0 : cfg.state.get.mean() + cfg.state.put.mean();
    this.gap = mean(cfg.gateway.overhead) + state + mean(wf.orchestratorWork);
    const streams = createStreams(seed);
    for (let p = 0; p < samples; p++) {
      this.paths.push(new Draws(cfg, seed, p));
      this.counts.push(streams.stream(`dag-model/${p}/fanout`));
    }
    this.e2e = new Float64Array(samples);
  }

  /** The plan's first-pass p95 and mean idle GB-s per request over the sample paths. */
  score(plan: Plan): Score {
    let idle = 0;
    for (let p = 0; p < this.samples; p++) {
      const r = new PathRun(this, plan, this.paths[p]!, this.counts[p]!);
      this.e2e[p] = r.run();
      idle += r.idleGBs;
    }
    const sorted = Float64Array.from(this.e2e).sort();
    return { p95: sorted[Math.min(this.samples - 1, Math.ceil(0.95 * this.samples) - 1)]!, idleGBs: idle / this.samples };
  }

  /** Internal to PathRun. */
  fn(i: number): Fn {
    return this.fns[i]!;
  }
  get callGap(): number {
    return this.gap;
  }
  /** A Map's item counts on path p, in the order its Maps are entered. */
  countDraw(map: number, u: Uniform): number {
    return Math.max(0, Math.round(this.wf.counts[map]!.sample(u)));
  }
}

const ARRIVE = 0;
const DONE = 1;
const PREWARM = 2;

interface Join {
  state: number; // the Parallel or Map
  parent: Join | null;
  left: number; // branches or items still to end
  toStart: number; // items (or sequential branches) not started yet
  next: number; // sequential Parallel: the next branch's index
  end: number;
}

interface Instance {
  born: number;
  ready: number; // when it can take a call
  busyUntil: number;
  busy: number; // seconds busy (init and calls)
  claimed: boolean; // a call waits for it (Lambda)
  firstPending: boolean; // its first call pays the first-call penalty
  replicas: number; // OpenFaaS: the replicas this group stands for
}

/** One sample path of one plan: a tiny event loop over the workflow's states. */
class PathRun {
  private readonly events = new EventHeap<Join | null>();
  private readonly calls: number[]; // per function: calls (and loads) drawn so far
  private readonly pools: Instance[][];
  private readonly triggered: number[][]; // per trigger function: the functions its rule pre-warms
  private end = NaN;
  idleGBs = 0;

  constructor(
    private readonly m: DagModel,
    private readonly plan: Plan,
    private readonly d: Draws,
    private readonly u: Uniform,
  ) {
    const n = m.cfg.functions.length;
    this.calls = new Array<number>(n).fill(0);
    this.pools = Array.from({ length: n }, () => []);
    this.triggered = Array.from({ length: n }, () => []);
    plan.forEach((r, target) => r && this.triggered[r.trigger]!.push(target));
  }

  run(): number {
    const wf = this.m.wf;
    // The orchestrator's call at t = 0 is the start: its rules fire, then its own call.
    const t0 = this.call(wf.orchestrator, 0);
    this.advance(0, null, t0);
    const ev = this.events;
    while (ev.size > 0) {
      const i = ev.pop();
      const t = ev.time[i]!;
      const kind = ev.kind[i]!;
      const a = ev.a[i]!;
      const join = ev.data[i]!;
      if (kind === ARRIVE) this.push(this.call(wf.fn[a]!, t), DONE, a, join);
      else if (kind === DONE) this.advance(wf.plan.next[a]!, join, t);
      else this.prewarm(a, t);
    }
    for (let f = 0; f < this.pools.length; f++) {
      const fn = this.m.fn(f);
      for (const r of this.pools[f]!) {
        const life = Math.max(r.busyUntil, r.ready) + fn.keep - r.born;
        this.idleGBs += (life - r.busy) * fn.memGB * r.replicas;
      }
    }
    return this.end;
  }

  private push(t: number, kind: number, a: number, join: Join | null): void {
    this.events.push(t, kind, a, join);
  }

  // ---- the workflow ---------------------------------------------------------------------
  /** Runs the states from `s` in scope `join` at time t, until a call or the scope's end. */
  private advance(s: number, join: Join | null, t: number): void {
    const p = this.m.wf.plan;
    const sequential = this.m.wf.mode === 'sequential';
    for (;;) {
      if (s < 0 || (p.kind[s] !== TASK && p.kind[s] !== PARALLEL && p.kind[s] !== MAP)) return this.finish(join, t);
      if (p.kind[s] === TASK) return this.push(t + this.m.callGap, ARRIVE, s, join);
      const from = p.childFrom[s]!;
      if (p.kind[s] === PARALLEL) {
        const n = p.childTo[s]! - from;
        if (n === 0) {
          s = p.next[s]!;
          continue;
        }
        const j: Join = { state: s, parent: join, left: n, toStart: sequential ? n - 1 : 0, next: 1, end: t };
        if (sequential) return this.advance(p.children[from]!, j, t);
        for (let b = 0; b < n; b++) this.advance(p.children[from + b]!, j, t);
        return;
      }
      const items = this.m.countDraw(p.map[s]!, this.u);
      if (items === 0) {
        s = p.next[s]!;
        continue;
      }
      const cap = sequential ? 1 : p.maps[p.map[s]!]!.concurrency || items;
      const now = Math.min(cap, items);
      const j: Join = { state: s, parent: join, left: items, toStart: items - now, next: 0, end: t };
      for (let k = 0; k < now; k++) this.advance(p.children[from]!, j, t);
      return;
    }
  }

  /** A branch or item (or the execution, join null) has ended at t. */
  private finish(join: Join | null, t: number): void {
    if (join === null) {
      this.end = t;
      return;
    }
    const p = this.m.wf.plan;
    join.end = Math.max(join.end, t);
    join.left--;
    if (join.toStart > 0) {
      join.toStart--;
      const from = p.childFrom[join.state]!;
      return this.advance(p.kind[join.state] === PARALLEL ? p.children[from + join.next++]! : p.children[from]!, join, t);
    }
    if (join.left === 0) this.advance(p.next[join.state]!, join.parent, join.end);
  }

  // ---- calls, instances and pre-warms ----------------------------------------------------
  /** A call to function f arrives at t: its rules fire; returns when it ends. */
  private call(f: number, t: number): number {
    for (const target of this.triggered[f]!) this.push(t + this.plan[target]!.delay, PREWARM, target, null);
    const fn = this.m.fn(f);
    const k = this.calls[f]!++;
    this.d.at(f, k);
    const warm = this.d.warm[f]![k]!;
    if (fn.alwaysWarm) return t + warm;
    const pool = this.pools[f]!;
    if (fn.lambda) {
      // The most recently created idle instance, else the first to load of those loading
      // that no call has claimed.
      let best: Instance | null = null;
      for (const r of pool) if (r.ready <= t && r.busyUntil <= t && (best === null || r.born >= best.born)) best = r;
      if (best === null) for (const r of pool) if (r.ready > t && !r.claimed && (best === null || r.ready < best.ready)) best = r;
      if (best !== null) {
        const start = Math.max(t, best.ready);
        best.claimed = true;
        best.busyUntil = start + warm;
        best.busy += warm;
        return best.busyUntil;
      }
      const work = this.lambdaColdWork(f, k) + warm;
      pool.push({ born: t, ready: t, busyUntil: t + work, busy: work, claimed: false, firstPending: false, replicas: 1 });
      return t + work;
    }
    // OpenFaaS: one group of replicas per function.
    let g = pool[0];
    if (g === undefined) g = this.startReplicas(f, t, k, fn.minReplicas, false);
    const poll = this.m.cfg.gateway.pollInterval;
    const start = g.ready <= t ? t : t + Math.ceil((g.ready - t) / poll - 1e-9) * poll;
    const penalty = g.firstPending ? this.d.first[f]![k]! : 0;
    g.firstPending = false;
    const end = start + warm + penalty;
    // Busy time of the group: the union of its calls' spans, in arrival order.
    g.busy += Math.max(0, end - Math.max(start, g.busyUntil));
    g.busyUntil = Math.max(g.busyUntil, end);
    return end;
  }

  private lambdaColdWork(f: number, k: number): number {
    const cold = this.m.fn(f).cold;
    if (cold.coldCall) return Math.max(0, cold.coldCall.mean() - cold.warm.mean());
    return this.d.start[f]![k]! + this.d.init[f]![k]! + this.d.first[f]![k]!;
  }

  /** OpenFaaS: `n` replicas of f start at t, with draw k's load; ready when the probe passes. */
  private startReplicas(f: number, t: number, k: number, n: number, warmup: boolean): Instance {
    const { readinessInitialDelay: delay, readinessPeriod: period } = this.m.cfg.provider;
    const init = this.d.init[f]![k]! + (warmup ? this.d.first[f]![k]! : 0);
    const h = this.d.start[f]![k]! + init;
    const ready = h <= delay ? delay : delay + Math.ceil((h - delay) / period - 1e-9) * period;
    const g: Instance = { born: t, ready: t + ready, busyUntil: t, busy: init, claimed: false, firstPending: !warmup, replicas: n };
    this.pools[f]!.push(g);
    return g;
  }

  /** A rule's pre-warm of `f` comes due at t. */
  private prewarm(f: number, t: number): void {
    const fn = this.m.fn(f);
    if (fn.alwaysWarm) return;
    const pool = this.pools[f]!;
    if (!fn.lambda) {
      if (pool.length > 0) return; // replicas there already (the model keeps one group)
      const k = this.calls[f]!++;
      this.d.at(f, k);
      this.startReplicas(f, t, k, fn.replicasFor, fn.warmup);
      return;
    }
    let have = 0;
    for (const r of pool) if (r.ready > t ? !r.claimed : r.busyUntil <= t) have++;
    for (; have < fn.count; have++) {
      const k = this.calls[f]!++;
      this.d.at(f, k);
      const load = this.lambdaColdWork(f, k);
      pool.push({ born: t, ready: t + load, busyUntil: t + load, busy: 0, claimed: false, firstPending: false, replicas: 1 });
    }
  }
}
