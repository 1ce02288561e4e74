// The pre-warm plan of any workflow: per function the workflow calls, whether to pre-warm it,
// from which point (the workflow's start, or a call to a function that can run just before
// it) and after how long, so that the p95 of the end-to-end time (dag-model.ts) is lowest
// while the idle GB-s per request the plan adds over "never" stays within a budget.
// Coordinate descent over targets: for one target at a time, every trigger and delay of a
// grid (plus "never"), the others held, until a pass changes nothing; on one fixed set of
// sample paths (common random numbers), so it is deterministic for a seed. The count of
// each rule is left to its default, the target's fan-out (sim/workflow/steps.ts), which the
// model uses too.
import type { SimConfig } from '../model/config.ts';
import { DagModel, type Plan, type Score } from './dag-model.ts';

export interface DagPlanOptions {
  /** Largest idle GB-s per request a plan may add over "never"; default: the "zero" plan's. */
  budgetGBs?: number;
  samples?: number; // default 1000
  seed?: number; // default 1
  step?: number; // delay grid, s (default 0.5)
  maxDelay?: number; // largest delay tried, s (default: the "never" plan's p95, at most 60)
}

export interface ScoredPlan extends Score {
  plan: Plan;
  /** Idle GB-s per request over the plan "never" (what the budget bounds). */
  addedGBs: number;
}

export interface DagPlanResult {
  /** The functions a plan may pre-warm (every one the workflow calls), by index. */
  targets: number[];
  /** Per target: the triggers tried (the orchestrator: the start). */
  triggers: number[][];
  best: ScoredPlan;
  /** Every target pre-warmed at the start with no delay. */
  zero: ScoredPlan;
  never: ScoredPlan;
  budgetGBs: number;
  defaultBudget: boolean;
  grid: { step: number; maxDelay: number };
}

const rules = (p: Plan) => p.reduce((n, r) => n + (r ? 1 : 0), 0);

export function planDagPrewarm(cfg: SimConfig, opts: DagPlanOptions = {}): DagPlanResult {
  const model = new DagModel(cfg, opts.samples ?? 1000, opts.seed ?? 1);
  const wf = model.wf;
  const n = cfg.functions.length;
  const targets = [...new Set(Array.from(wf.fn).filter((f) => f >= 0))].sort((a, b) => a - b);
  // A target's triggers: the start, and each function whose call can be followed by its.
  const triggers = targets.map((t) => {
    const before = wf.plan.successors.flatMap((next, f) => (next.includes(t - wf.orchestrator - 1) ? [f + wf.orchestrator + 1] : []));
    return [wf.orchestrator, ...before.filter((f) => f !== t)];
  });
  const neverPlan: Plan = new Array(n).fill(null);
  const base = model.score(neverPlan);
  const scored = (plan: Plan): ScoredPlan => {
    const s = model.score(plan);
    return { plan: [...plan], ...s, addedGBs: s.idleGBs - base.idleGBs };
  };
  const never = { plan: neverPlan, ...base, addedGBs: 0 };
  const zeroPlan: Plan = neverPlan.map((_, f) => (targets.includes(f) ? { trigger: wf.orchestrator, delay: 0 } : null));
  const zero = scored(zeroPlan);
  const budgetGBs = opts.budgetGBs ?? Math.max(0, zero.addedGBs);
  if (!(budgetGBs >= 0)) throw new Error(`planDagPrewarm: budgetGBs must be ≥ 0 (got ${budgetGBs})`);
  // At most 40 steps of at least 0.5 s (or opts.step) up to the longest useful delay: the
  // search costs (targets × triggers × grid) model runs per pass.
  const maxDelay = opts.maxDelay ?? Math.min(120, Math.ceil(base.p95));
  const step = opts.step ?? Math.max(0.5, Math.ceil(maxDelay / 40 / 0.5) * 0.5);
  const grid: number[] = [];
  for (let k = 0; k * step <= maxDelay + 1e-9; k++) grid.push(Math.round(k * step * 1e6) / 1e6);

  const fits = (p: ScoredPlan) => p.addedGBs <= budgetGBs + 1e-12;
  const better = (a: ScoredPlan, b: ScoredPlan): boolean => {
    if (fits(a) !== fits(b)) return fits(a);
    if (!fits(a)) return a.addedGBs < b.addedGBs;
    if (Math.abs(a.p95 - b.p95) > 1e-12) return a.p95 < b.p95;
    if (Math.abs(a.addedGBs - b.addedGBs) > 1e-12) return a.addedGBs < b.addedGBs;
    // A rule that changes nothing (a pre-warm of a function already warm by then) goes.
    return rules(a.plan) < rules(b.plan);
  };
  let best = never;
  for (let pass = 0; pass < 4; pass++) {
    let changed = false;
    targets.forEach((target, i) => {
      const options = [null, ...triggers[i]!.flatMap((trigger) => grid.map((delay) => ({ trigger, delay })))];
      for (const rule of options) {
        const now = best.plan[target];
        if (rule === null ? now === null : now && now.trigger === rule.trigger && now.delay === rule.delay) continue;
        const trial = [...best.plan];
        trial[target] = rule;
        const s = scored(trial);
        if (better(s, best)) {
          best = s;
          changed = true;
        }
      }
    });
    if (!changed) break;
  }
  return { targets, triggers, best, zero, never, budgetGBs, defaultBudget: opts.budgetGBs === undefined, grid: { step, maxDelay } };
}
