// DAG-aware pre-warming (as Orion, OSDI'22): a call to one step of a workflow starts
// another step's instances `delay` seconds later, so that they are ready when its call
// reaches them and not long before. dag-delays.ts and sim/optimize/ choose the delays.
//
// A rule sits in a function's `policy.prewarm`. Two forms, one meaning:
// - without `after` (the first form, kept as it was): a call to this function pre-warms
//   `target`, by default the next function of the pipeline's call chain;
// - with `after`: the rule pre-warms `target` (by default this function) `delay` seconds
//   after the workflow's start (`"start"`: the call to the orchestrator) or after a call to
//   an earlier step (a Task state's name, or a function's). A plan can so pre-warm any step
//   from any point before it, not only a step's successor from the step before.
// `count` is how many calls the pre-warmed instances should take at once; by default the
// target's fan-out (sim/workflow/steps.ts: an N-way Map in parallel mode gives N), 1 outside
// a workflow. warm-policies.ts turns it into replicas (OpenFaaS) or instances (Lambda).
// With `warmup` (default) the pre-warmer also sends a warm-up call, so the process pays its
// first-call penalty (lazy imports, model load) before the real call does.
import type { WorkflowConfig } from '../model/config.ts';
import { START, fanOut, functionOfStep, precedes } from '../workflow/steps.ts';
import { type PolicySpec, type PrewarmKind, type PrewarmPolicy, PolicySpecError, MAX_SECONDS, onlyKeys, positive } from './warm-policy.ts';

export interface DagPrewarmSpec extends PolicySpec {
  type: 'dag';
  delay: number;
  target: string | null;
  /** null: a call to the function the rule sits on (the first form). */
  after: string | null;
  /** null: the target's fan-out. */
  count: number | null;
  warmup: boolean;
}

/** The most calls a rule may pre-warm for at once (as a Map's mean count, docs/input-limits.md). */
export const MAX_COUNT = 10_000;

export class DagPrewarm implements PrewarmPolicy {
  constructor(
    readonly spec: DagPrewarmSpec,
    readonly target: number,
    /** The function whose calls start the delay (the orchestrator for "start"). */
    readonly trigger: number,
    /** Calls the pre-warmed instances take at once. */
    readonly count: number,
  ) {}
  describe(): string {
    return `dag(delay=${this.spec.delay}, target=${this.spec.target ?? 'null'}, after=${this.spec.after ?? 'null'}, count=${this.spec.count ?? 'null'}, warmup=${this.spec.warmup})`;
  }
  onInvocation(now: number): number {
    return now + this.spec.delay;
  }
}

export const dagPrewarm: PrewarmKind<DagPrewarmSpec> = {
  name: 'dag',
  slot: 'prewarm',
  description: "Orion-style: a call to a step (this function, or `after`) pre-warms a later step's instances after `delay` seconds",
  keys: ['delay', 'target', 'after', 'count', 'warmup'],
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'delay'],
    properties: {
      type: { const: 'dag' },
      delay: { type: 'number', minimum: 0, maximum: MAX_SECONDS, description: 'seconds after the call that starts it (this function\'s, or `after`\'s) that the target is pre-warmed' },
      target: {
        type: ['string', 'null'],
        minLength: 1,
        default: null,
        description: 'step (Task name) or function to pre-warm (default: with `after`, this function; without, the next stage of the pipeline)',
      },
      after: {
        type: ['string', 'null'],
        minLength: 1,
        default: null,
        description: '"start" (the workflow\'s start) or an earlier step (Task name) or function whose call starts the delay (default: a call to this function)',
      },
      count: { type: ['integer', 'null'], minimum: 1, maximum: MAX_COUNT, default: null, description: "calls the pre-warmed instances take at once (default: the target's fan-out)" },
      warmup: { type: 'boolean', default: true, description: 'send a warm-up call, so the first-call penalty is paid before the real call' },
    },
  },
  normalize(raw, path) {
    onlyKeys(raw, this.keys, path);
    if (raw.delay === undefined) throw new PolicySpecError(`${path}.delay`, undefined, "missing required key 'delay'");
    const name = (key: 'target' | 'after') => {
      const v = raw[key] ?? null;
      if (v !== null && (typeof v !== 'string' || v === '')) throw new PolicySpecError(`${path}.${key}`, v, key === 'after' ? 'must be "start" or a step or function name' : 'must be a step or function name');
      return v as string | null;
    };
    const count = raw.count ?? null;
    if (count !== null && (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > MAX_COUNT)) {
      throw new PolicySpecError(`${path}.count`, count, `must be a whole number from 1 to ${MAX_COUNT}`);
    }
    const warmup = raw.warmup ?? true;
    if (typeof warmup !== 'boolean') throw new PolicySpecError(`${path}.warmup`, warmup, 'must be true or false');
    return { type: 'dag', delay: positive(raw, 'delay', path, 0, true), target: name('target'), after: name('after'), count, warmup };
  },
  create(spec, ctx) {
    const self = ctx.fn.index;
    const wf = ctx.workflow ?? null;
    const step = (key: 'target' | 'after', name: string): number => {
      let f: number;
      try {
        f = functionOfStep(wf, ctx.names, name);
      } catch (e) {
        throw new PolicySpecError(key, name, (e as Error).message);
      }
      if (f < 0) throw new PolicySpecError(key, name, `no step or function '${name}' (functions: ${ctx.names.join(', ')})`);
      return f;
    };
    let target: number;
    let trigger = self;
    if (spec.after === null) {
      if (spec.target !== null) target = step('target', spec.target);
      else {
        const at = ctx.chain ? ctx.chain.indexOf(self) : -1;
        if (at < 0 || at === ctx.chain!.length - 1) throw new PolicySpecError('target', null, `function '${ctx.fn.name}' has no next stage in a pipeline: name a target`);
        target = ctx.chain![at + 1]!;
      }
    } else {
      target = spec.target === null ? self : step('target', spec.target);
      if (!wf) throw new PolicySpecError('after', spec.after, 'the scenario runs no workflow: `after` names a point of one');
      trigger = spec.after === START ? wf.orchestrator : step('after', spec.after);
      if (target === wf.orchestrator) throw new PolicySpecError('target', spec.target, 'the orchestrator starts the workflow: nothing comes before it to pre-warm it from');
      if (trigger !== target && !precedes(wf, trigger, target)) {
        throw new PolicySpecError('after', spec.after, `'${ctx.names[trigger]}' is not called before '${ctx.names[target]}' in the workflow`);
      }
    }
    if (target === trigger) throw new PolicySpecError('target', spec.target, spec.after === null ? 'a function cannot pre-warm itself' : `a call to '${ctx.names[target]}' cannot pre-warm '${ctx.names[target]}'`);
    return new DagPrewarm(spec, target, trigger, spec.count ?? fanOut(wf as WorkflowConfig | null, target));
  },
};
