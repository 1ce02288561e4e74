// The pre-warm plan of a scenario (`npm run optimize -- prewarm`): optimizeDagDelays
// (sim/policy/dag-delays.ts) on the scenario's resolved configuration, the plans it returns
// turned into scenario settings (a `dag` pre-warm policy per function of the call chain), and
// the scenario the simulator runs to check the prediction: the base with the chain's own
// pre-warm policies removed, and the plans "never", "zero" and "best" as its variants.
//
// The optimizer models a call chain only (each step calls the next, a map's first item): a
// workflow with a Parallel state, or a scenario without a workflow, is refused (issue #19,
// item 4 asks for any DAG).
import { type DagDelayResult, type DagPlan, evaluateDelaysOn, optimizeDagDelays } from '../policy/dag-delays.ts';
import { type SimConfig, callChain } from '../model/config.ts';
import { PARALLEL } from '../workflow/plan.ts';
import { FaveError } from '../process/errors.ts';
import type { Scenario } from '../scenario/types.ts';

/** A scenario the optimizer cannot model, or a budget it cannot meet: bad input, exit 2. */
export class PrewarmInputError extends FaveError {}

export interface PrewarmOptions {
  /** Largest mean idle GB-s per request; default: the idle GB-s of every delay 0. */
  budgetGBs?: number;
  samples: number;
  seed: number;
}

export interface PrewarmPlanResult extends DagDelayResult {
  budgetGBs: number;
  /** True when the budget was not given: the idle GB-s of every delay 0. */
  defaultBudget: boolean;
}

/** The call chain of `cfg`, or a PrewarmInputError saying why there is none. */
export function chainOrRefuse(cfg: SimConfig, source: string): number[] {
  const chain = callChain(cfg);
  if (chain) return chain;
  if (!cfg.workflow) throw new PrewarmInputError(`${source}: scenario '${cfg.name}' runs no workflow (a single function or a trace replay): there is no call chain to pre-warm`);
  if (cfg.workflow.plan.kind.includes(PARALLEL)) {
    throw new PrewarmInputError(`${source}: the workflow of scenario '${cfg.name}' has a Parallel state: the pre-warm optimizer models call chains only for now (issue #19, item 4)`);
  }
  throw new PrewarmInputError(`${source}: the workflow of scenario '${cfg.name}' is not a call chain (each step calling the next): the pre-warm optimizer models call chains only for now (issue #19, item 4)`);
}

export function planPrewarm(cfg: SimConfig, source: string, o: PrewarmOptions): PrewarmPlanResult {
  const chain = chainOrRefuse(cfg, source);
  const common = { samples: o.samples, seed: o.seed };
  const budgetGBs = o.budgetGBs ?? evaluateDelaysOn(cfg, new Array<number>(chain.length - 1).fill(0), common).idleGBs;
  const result = optimizeDagDelays(cfg, { ...common, budgetGBs });
  return { ...result, budgetGBs, defaultBudget: o.budgetGBs === undefined };
}

const pointerPart = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** JSON-pointer sets giving each function of the chain its plan's pre-warm: edge k's delay
 * on chain[k] (its default target is the next function of the chain); none for "never". */
export function planSets(chain: string[], plan: DagPlan): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  plan.delays.forEach((d, k) => {
    if (Number.isFinite(d)) set[`/platform/functions/${pointerPart(chain[k]!)}/policy/prewarm`] = { type: 'dag', delay: d };
  });
  return set;
}

/** The scenario without its variants and without the pre-warm policies of the chain's
 * functions (their own, and one on platform.defaults, which would apply to each): the plan
 * "never". Says what it removed. */
export function withoutPrewarm(s: Scenario, chain: string[]): { scenario: Scenario; removed: string[] } {
  const { compare: _compare, ...plain } = s;
  const copy = structuredClone(plain) as Scenario;
  const removed: string[] = [];
  const platform = copy.platform as { defaults?: { policy?: Record<string, unknown> }; functions?: Record<string, { policy?: Record<string, unknown> }> } | undefined;
  const drop = (holder: { policy?: Record<string, unknown> } | undefined, where: string) => {
    if (holder?.policy?.prewarm === undefined) return;
    delete holder.policy.prewarm;
    if (Object.keys(holder.policy).length === 0) delete holder.policy;
    removed.push(where);
  };
  drop(platform?.defaults, '$.platform.defaults.policy.prewarm');
  for (const name of chain) drop(platform?.functions?.[name], `$.platform.functions.${name}.policy.prewarm`);
  return { scenario: copy, removed };
}

/** Delays of a plan, one per edge, as printed: "0 s", "2.5 s", "never". */
export function delayText(d: number): string {
  return Number.isFinite(d) ? `${d} s` : 'never';
}
