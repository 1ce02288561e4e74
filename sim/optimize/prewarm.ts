// The pre-warm plan of a scenario (`./fave optimize prewarm`): planDagPrewarm
// (dag-plan.ts) on the scenario's resolved configuration, the plans it returns turned into
// scenario settings (a `dag` pre-warm rule with `after` on each pre-warmed function), and the
// scenario the simulator runs to check the prediction: the base with the workflow's own
// pre-warm policies removed, and the plans "never", "zero" and "best" as its variants.
// Any workflow of the ASL subset: Tasks, Parallel (the slowest branch), Map (the slowest of
// its items); a scenario without a workflow is refused.
import type { SimConfig } from '../model/config.ts';
import { FaveError } from '../process/errors.ts';
import type { Scenario } from '../scenario/types.ts';
import { START } from '../workflow/steps.ts';
import type { Plan } from './dag-model.ts';
import { type DagPlanResult, planDagPrewarm } from './dag-plan.ts';

/** A scenario the optimizer cannot model, or a budget it cannot meet: bad input, exit 2. */
export class PrewarmInputError extends FaveError {}

export interface PrewarmOptions {
  /** Largest idle GB-s per request over "never"; default: the "zero" plan's. */
  budgetGBs?: number;
  samples: number;
  seed: number;
}

export function planPrewarm(cfg: SimConfig, source: string, o: PrewarmOptions): DagPlanResult {
  if (!cfg.workflow) throw new PrewarmInputError(`${source}: scenario '${cfg.name}' runs no workflow (a single function or a trace replay): there is nothing to pre-warm ahead of`);
  return planDagPrewarm(cfg, { samples: o.samples, seed: o.seed, ...(o.budgetGBs !== undefined ? { budgetGBs: o.budgetGBs } : {}) });
}

const pointerPart = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

/** The rule a plan gives function `f`, as a scenario writes it (null: none). */
export function ruleSpec(cfg: SimConfig, plan: Plan, f: number): { type: 'dag'; after: string; delay: number } | null {
  const r = plan[f];
  if (!r) return null;
  return { type: 'dag', after: r.trigger === cfg.workflow!.orchestrator ? START : cfg.functions[r.trigger]!.name, delay: r.delay };
}

/** JSON-pointer sets giving each pre-warmed function its plan's rule. */
export function planSets(cfg: SimConfig, plan: Plan): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  plan.forEach((_, f) => {
    const spec = ruleSpec(cfg, plan, f);
    if (spec) set[`/platform/functions/${pointerPart(cfg.functions[f]!.name)}/policy/prewarm`] = spec;
  });
  return set;
}

/** The scenario without its variants and without the pre-warm policies of the workflow's
 * functions (their own, and one on platform.defaults, which would apply to each): the plan
 * "never". Says what it removed. */
export function withoutPrewarm(s: Scenario, names: string[]): { scenario: Scenario; removed: string[] } {
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
  for (const name of names) drop(platform?.functions?.[name], `$.platform.functions.${name}.policy.prewarm`);
  return { scenario: copy, removed };
}

/** A plan's rule for one target, as printed: "start + 2 s", "decode + 0.5 s", "never". */
export function ruleText(cfg: SimConfig, plan: Plan, f: number): string {
  const spec = ruleSpec(cfg, plan, f);
  return spec ? `${spec.after} + ${spec.delay} s` : 'never';
}
