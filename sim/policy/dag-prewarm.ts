// DAG-aware pre-warming (as Orion, OSDI'22): when a call to stage k arrives, make sure the
// next stage has an instance loading `delay` seconds later, so that it is ready when the
// call reaches it and not long before. The next stage is the following function in the
// pipeline's call order unless `target` names one. dag-delays.ts chooses the delays.
// With `warmup` (default) the pre-warmer also sends a warm-up call, so the process pays its
// first-call penalty (lazy imports, model load) before the real call does.
// The target's scaling decides what a pre-warm is: an OpenFaaS function at zero gets its
// minimum replicas (as the gateway's scale from zero would); a lambda function gets one idle
// instance, kept for its `scaling.keepAlive` (or, under Greedy-Dual, until evicted).
import { type PolicySpec, type PrewarmKind, type PrewarmPolicy, PolicySpecError, MAX_SECONDS, onlyKeys, positive } from './warm-policy.ts';

export interface DagPrewarmSpec extends PolicySpec {
  type: 'dag';
  delay: number;
  target: string | null;
  warmup: boolean;
}

class DagPrewarm implements PrewarmPolicy {
  constructor(
    readonly spec: DagPrewarmSpec,
    readonly target: number,
  ) {}
  describe(): string {
    return `dag(delay=${this.spec.delay}, target=${this.spec.target ?? 'null'}, warmup=${this.spec.warmup})`;
  }
  onInvocation(now: number): number {
    return now + this.spec.delay;
  }
}

export const dagPrewarm: PrewarmKind<DagPrewarmSpec> = {
  name: 'dag',
  slot: 'prewarm',
  description: 'Orion-style: a call to this stage pre-warms the next stage after `delay` seconds',
  keys: ['delay', 'target', 'warmup'],
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['type', 'delay'],
    properties: {
      type: { const: 'dag' },
      delay: { type: 'number', minimum: 0, maximum: MAX_SECONDS, description: 'seconds after a call to this function that the next stage is pre-warmed' },
      target: { type: ['string', 'null'], minLength: 1, default: null, description: 'function to pre-warm (default: the next stage of the pipeline)' },
      warmup: { type: 'boolean', default: true, description: 'send a warm-up call, so the first-call penalty is paid before the real call' },
    },
  },
  normalize(raw, path) {
    onlyKeys(raw, this.keys, path);
    if (raw.delay === undefined) throw new PolicySpecError(`${path}.delay`, undefined, "missing required key 'delay'");
    const target = raw.target ?? null;
    if (target !== null && (typeof target !== 'string' || target === '')) throw new PolicySpecError(`${path}.target`, target, 'must be a function name');
    const warmup = raw.warmup ?? true;
    if (typeof warmup !== 'boolean') throw new PolicySpecError(`${path}.warmup`, warmup, 'must be true or false');
    return { type: 'dag', delay: positive(raw, 'delay', path, 0, true), target, warmup };
  },
  create(spec, ctx) {
    const self = ctx.fn.index;
    let target: number;
    if (spec.target !== null) {
      target = ctx.names.indexOf(spec.target);
      if (target < 0) throw new PolicySpecError('target', spec.target, `no function '${spec.target}' (functions: ${ctx.names.join(', ')})`);
    } else {
      const at = ctx.chain ? ctx.chain.indexOf(self) : -1;
      if (at < 0 || at === ctx.chain!.length - 1) {
        throw new PolicySpecError('target', null, `function '${ctx.fn.name}' has no next stage in a pipeline: name a target`);
      }
      target = ctx.chain![at + 1]!;
    }
    if (target === self) throw new PolicySpecError('target', spec.target, 'a function cannot pre-warm itself');
    return new DagPrewarm(spec, target);
  },
};
