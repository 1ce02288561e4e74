// Fixed keep-alive (AWS Lambda, OpenWhisk, Azure's default): an idle instance stays loaded
// for `keepAlive` seconds after its last call, then is unloaded. Nothing is pre-warmed. A
// lambda-mode function with no policy behaves exactly so, with `scaling.keepAlive`.
import { type IdleDecision, type KeepAliveKind, type KeepAlivePolicy, type PolicySpec, MAX_SECONDS, onlyKeys, positive } from './warm-policy.ts';

export interface FixedKeepAliveSpec extends PolicySpec {
  type: 'fixed';
  keepAlive: number;
}

class FixedKeepAlive implements KeepAlivePolicy {
  private readonly decision: IdleDecision = { keepUntil: 0, prewarmAt: NaN, prewarmKeepUntil: NaN };
  constructor(readonly spec: FixedKeepAliveSpec) {}
  describe(): string {
    return `fixed(keepAlive=${this.spec.keepAlive})`;
  }
  onInvocation(): void {}
  onIdle(now: number): IdleDecision {
    this.decision.keepUntil = now + this.spec.keepAlive;
    return this.decision;
  }
}

export const fixedKeepAlive: KeepAliveKind<FixedKeepAliveSpec> = {
  name: 'fixed',
  slot: 'keepAlive',
  description: 'unload an idle instance keepAlive seconds after its last call (Lambda-style)',
  keys: ['keepAlive'],
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['type'],
    properties: {
      type: { const: 'fixed' },
      keepAlive: { type: 'number', exclusiveMinimum: 0, maximum: MAX_SECONDS, default: 600, description: 'seconds an idle instance stays loaded' },
    },
  },
  normalize(raw, path) {
    onlyKeys(raw, this.keys, path);
    return { type: 'fixed', keepAlive: positive(raw, 'keepAlive', path, 600) };
  },
  create: (spec) => new FixedKeepAlive(spec),
};
