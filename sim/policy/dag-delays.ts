// The first pre-warm planner, for call chains only: `./fave optimize prewarm` now plans
// any workflow with sim/optimize/dag-plan.ts (rules from the start or any step before, a Map
// as the slowest of its items). Kept because scenarios/prewarm.json's "optimised delays"
// variant was planned with it, and dag-prewarm.test.ts holds the two equal.
// Chooses the pre-warm delays of a pipeline (dag-prewarm.ts) by Monte Carlo over its
// calibrated distributions: for each edge k -> k+1 of the call chain, how long after a call
// to stage k to start stage k+1's replica, so that the p95 of the end-to-end time is lowest
// while the memory held idle by pre-warmed replicas stays within a budget.
//
// The model of one request, every function at zero replicas when it arrives (the regime
// pre-warming is for: rare requests, scale to zero in between):
// - a stage called with no replica waits for one to start: container start + init, rounded
//   up to the readiness probe and to the gateway's 100 ms poll; its first call then pays the
//   first-call penalty;
// - a pre-warmed replica starts at T_k + d_k and is ready after container start + init
//   (+ first-call penalty with a warm-up call), probe-rounded; a call that finds it still
//   loading waits for it; one that arrives before the pre-warm is a plain cold start;
// - between calls: the stage's warm time plus the orchestrator's state.json read and write
//   and the gateway overhead (their means).
// Only the first pass through the chain counts (first clip, first frame): later clips and
// frames find warm replicas either way. Coordinate descent over a grid of delays (plus
// "never"), on one fixed set of sample paths (common random numbers), so it is
// deterministic for a seed.
import type { Distribution, Uniform } from '../dist/spec.ts';
import { type SimConfig, callChain } from '../model/config.ts';
import { createStreams } from '../random/streams.ts';

export interface DagDelayOptions {
  /** Largest mean idle GB-s per request that pre-warmed replicas may hold. */
  budgetGBs: number;
  samples?: number; // sample paths (default 1000)
  seed?: number; // default 1
  step?: number; // delay grid (s, default 0.5)
  maxDelay?: number; // largest finite delay tried (s, default 30)
  warmup?: boolean; // pre-warms send a warm-up call (default true, as dag-prewarm.ts)
}

export interface DagPlan {
  /** delays[k]: for the call chain's edge k -> k+1, seconds; Infinity = never pre-warm. */
  delays: number[];
  p95: number; // end-to-end, first pass, s
  idleGBs: number; // mean per request
}

export interface DagDelayResult {
  chain: string[]; // function names in call order
  best: DagPlan;
  zero: DagPlan; // every delay 0
  never: DagPlan; // no pre-warm
}

/** Sample paths: per path and stage, the draws the model needs. */
interface Paths {
  n: number; // stages
  s: number; // paths
  warm: Float64Array; // [path * n + stage]
  startInit: Float64Array; // container start + init
  firstCall: Float64Array;
  memGB: Float64Array; // per stage
  gap: number; // per-call overhead between stages
  probeDelay: number;
  probePeriod: number;
  poll: number;
}

export function optimizeDagDelays(cfg: SimConfig, opts: DagDelayOptions): DagDelayResult {
  const chain = callChain(cfg);
  if (!chain) throw new Error(`optimizeDagDelays: scenario '${cfg.name}' is not a pipeline`);
  if (!(opts.budgetGBs >= 0)) throw new Error(`optimizeDagDelays: budgetGBs must be ≥ 0 (got ${opts.budgetGBs})`);
  const warmup = opts.warmup ?? true;
  const paths = samplePaths(cfg, chain, opts.samples ?? 1000, opts.seed ?? 1);
  const step = opts.step ?? 0.5;
  const maxDelay = opts.maxDelay ?? 30;
  const grid = [Infinity];
  for (let d = 0; d <= maxDelay + 1e-9; d += step) grid.push(Math.round(d / step) * step);
  const scratch = new Float64Array(paths.s);
  const evaluate = (delays: number[]): DagPlan => ({ delays: [...delays], ...evaluateDelays(paths, delays, warmup, scratch) });
  const better = (a: DagPlan, b: DagPlan): boolean => {
    const fa = a.idleGBs <= opts.budgetGBs + 1e-12;
    const fb = b.idleGBs <= opts.budgetGBs + 1e-12;
    if (fa !== fb) return fa;
    if (!fa) return a.idleGBs < b.idleGBs;
    return a.p95 < b.p95 - 1e-12 || (Math.abs(a.p95 - b.p95) <= 1e-12 && a.idleGBs < b.idleGBs);
  };
  const edges = chain.length - 1;
  let best = evaluate(new Array<number>(edges).fill(Infinity));
  for (let pass = 0; pass < 6; pass++) {
    let changed = false;
    for (let k = 0; k < edges; k++) {
      for (const d of grid) {
        if (d === best.delays[k]) continue;
        const trial = [...best.delays];
        trial[k] = d;
        const plan = evaluate(trial);
        if (better(plan, best)) {
          best = plan;
          changed = true;
        }
      }
    }
    if (!changed) break;
  }
  return {
    chain: chain.map((i) => cfg.functions[i]!.name),
    best,
    zero: evaluate(new Array<number>(edges).fill(0)),
    never: evaluate(new Array<number>(edges).fill(Infinity)),
  };
}

function samplePaths(cfg: SimConfig, chain: number[], s: number, seed: number): Paths {
  const n = chain.length;
  const streams = createStreams(seed);
  const u: Uniform = streams.stream('dag-delays');
  const warm = new Float64Array(s * n);
  const startInit = new Float64Array(s * n);
  const firstCall = new Float64Array(s * n);
  const draw = (d: Distribution) => Math.max(0, d.sample(u));
  for (let p = 0; p < s; p++) {
    for (let j = 0; j < n; j++) {
      const f = cfg.functions[chain[j]!]!;
      warm[p * n + j] = draw(f.warm);
      startInit[p * n + j] = draw(f.containerStart) + draw(f.init);
      firstCall[p * n + j] = draw(f.firstCall);
    }
  }
  const mean = (d: Distribution | null) => (d ? d.mean() : 0);
  const state = cfg.state.mode === 'off' ? 0 : cfg.state.get.mean() + cfg.state.put.mean();
  return {
    n,
    s,
    warm,
    startInit,
    firstCall,
    memGB: Float64Array.from(chain, (i) => cfg.functions[i]!.chargedMemoryGB),
    gap: mean(cfg.gateway.overhead) + state,
    probeDelay: cfg.provider.readinessInitialDelay,
    probePeriod: cfg.provider.readinessPeriod,
    poll: cfg.gateway.pollInterval,
  };
}

/** Time from a replica's creation to ready, for a process healthy after `h` seconds. */
function readyAfter(h: number, delay: number, period: number): number {
  return h <= delay ? delay : delay + Math.ceil((h - delay) / period - 1e-9) * period;
}

/** p95 of the first-pass end-to-end time and mean idle GB-s per request, for `delays`. */
export function evaluateDelaysOn(cfg: SimConfig, delays: number[], opts: Omit<DagDelayOptions, 'budgetGBs'> = {}): { p95: number; idleGBs: number } {
  const chain = callChain(cfg);
  if (!chain) throw new Error(`evaluateDelaysOn: scenario '${cfg.name}' is not a pipeline`);
  const paths = samplePaths(cfg, chain, opts.samples ?? 1000, opts.seed ?? 1);
  return evaluateDelays(paths, delays, opts.warmup ?? true, new Float64Array(paths.s));
}

function evaluateDelays(m: Paths, delays: number[], warmup: boolean, e2e: Float64Array): { p95: number; idleGBs: number } {
  const { n, s, poll } = m;
  const held = (wait: number) => (wait > 0 ? Math.ceil(wait / poll - 1e-9) * poll : 0);
  let idle = 0;
  for (let p = 0; p < s; p++) {
    const o = p * n;
    // The orchestrator: nothing pre-warms it.
    let t = held(readyAfter(m.startInit[o]!, m.probeDelay, m.probePeriod)) + m.warm[o]! + m.firstCall[o]!;
    let prev = 0; // when the previous stage's call arrived
    for (let j = 1; j < n; j++) {
      const arrive = t + m.gap;
      const issued = prev + delays[j - 1]!;
      let wait: number;
      let service = m.warm[o + j]!;
      if (issued <= arrive) {
        const load = m.startInit[o + j]! + (warmup ? m.firstCall[o + j]! : 0);
        const ready = issued + readyAfter(load, m.probeDelay, m.probePeriod);
        wait = held(ready - arrive);
        if (ready < arrive) idle += (arrive - ready) * m.memGB[j]!;
        if (!warmup) service += m.firstCall[o + j]!;
      } else {
        wait = held(readyAfter(m.startInit[o + j]!, m.probeDelay, m.probePeriod));
        service += m.firstCall[o + j]!;
      }
      prev = arrive;
      t = arrive + wait + service;
    }
    e2e[p] = t;
  }
  e2e.sort();
  return { p95: e2e[Math.min(s - 1, Math.ceil(0.95 * s) - 1)]!, idleGBs: idle / s };
}
