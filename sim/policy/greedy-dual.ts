// Greedy-Dual keep-alive (Fuerst & Sharma, FaasCache, ASPLOS'21): idle instances stay
// loaded with no time limit, and when a new instance needs memory that no node has, the
// idle instance with the lowest priority Clock + Freq × Cost / Size is evicted
// (sim/model/warm-policies.ts, on placement). Freq counts the function's calls, Cost is its mean cold-start time (what
// eviction makes the next call pay), Size its memory (MB); Clock is the priority of the
// last eviction, so instances idle since long ago age out.
import { type IdleDecision, type KeepAliveKind, type KeepAlivePolicy, type PolicySpec, meanColdStart, onlyKeys } from './warm-policy.ts';

export interface GreedyDualSpec extends PolicySpec {
  type: 'greedy-dual';
}

class GreedyDual implements KeepAlivePolicy {
  private freq = 0;
  private readonly decision: IdleDecision = { keepUntil: Infinity, prewarmAt: NaN, prewarmKeepUntil: NaN };
  constructor(
    readonly spec: GreedyDualSpec,
    private readonly costPerMB: number,
  ) {}
  describe(): string {
    return 'greedy-dual()';
  }
  onInvocation(): void {
    this.freq++;
  }
  onIdle(): IdleDecision {
    return this.decision;
  }
  priority(clock: number): number {
    return clock + this.freq * this.costPerMB;
  }
}

export const greedyDual: KeepAliveKind<GreedyDualSpec> = {
  name: 'greedy-dual',
  slot: 'keepAlive',
  description: 'FaasCache (ASPLOS 21): keep idle instances until memory is needed, then evict the lowest Clock + Freq x Cost / Size',
  keys: [],
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['type'],
    properties: { type: { const: 'greedy-dual' } },
  },
  normalize(raw, path) {
    onlyKeys(raw, this.keys, path);
    return { type: 'greedy-dual' };
  },
  create: (spec, ctx) => new GreedyDual(spec, meanColdStart(ctx.fn) / Math.max(ctx.fn.memBaseMB, 1e-9)),
};
