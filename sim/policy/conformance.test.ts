// The contract every registered warm-instance policy keeps (STYLE.md §9): its spec
// round-trips through describe(), its schema is the one the scenario schema publishes, it
// never decides anything in the past, and the same events give the same decisions.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createStreams } from '../random/streams.ts';
import { resolveScenario } from '../scenario/resolve.ts';
import { constant, oneFunction } from '../test/helpers.ts';
import { POLICY_KINDS, createKeepAlive, createPrewarm, normalizePolicy, parsePolicy } from './registry.ts';
import type { PolicyContext, PolicyKind } from './warm-policy.ts';

/** A spec with its parameters set for each registered kind: a new kind must add one here. */
const EXAMPLES: Record<string, Record<string, unknown>> = {
  fixed: { type: 'fixed', keepAlive: 120 },
  'hybrid-histogram': { type: 'hybrid-histogram', binWidth: 30, range: 3600, idleTime: 'instance' },
  'greedy-dual': { type: 'greedy-dual' },
  dag: { type: 'dag', delay: 1.5, target: 'other', warmup: false },
};

const fn = resolveScenario(oneFunction({ scaling: { mode: 'lambda' }, warm: constant(1), containerStart: constant(2) }), null, 'test').functions[0]!;
const ctx: PolicyContext = { fn, names: ['fn', 'other'], chain: null };
const schema = JSON.parse(readFileSync(new URL('../../schemas/scenario.schema.json', import.meta.url), 'utf8')) as { $defs: Record<string, unknown> };

/** Feeds a seeded random history of calls and idle instances; returns every decision. */
function drive(kind: PolicyKind, seed: number): number[][] {
  const spec = normalizePolicy(EXAMPLES[kind.name], kind.slot, '$');
  const u = createStreams(seed).stream('events');
  const out: number[][] = [];
  let now = 0;
  let busy = 0;
  if (kind.slot === 'prewarm') {
    const p = createPrewarm(spec, ctx);
    for (let i = 0; i < 500; i++) {
      now += u() < 0.3 ? 0 : -Math.log(1 - u()) * (u() < 0.5 ? 5 : 2000);
      out.push([now, p.onInvocation(now)]);
    }
    return out;
  }
  const p = createKeepAlive(spec, ctx);
  const first = p.onIdle(0, 0);
  for (let i = 0; i < 2000; i++) {
    now += u() < 0.3 ? 0 : -Math.log(1 - u()) * (u() < 0.5 ? 5 : 2000);
    if (busy > 0 && u() < 0.5) {
      busy--;
      const d = p.onIdle(now, busy);
      expect(d).toBe(first); // one decision object, reused: no allocation per call
      out.push([now, d.keepUntil, d.prewarmAt, d.prewarmKeepUntil, p.priority?.(now) ?? NaN]);
    } else {
      p.onInvocation(now, busy);
      busy++;
    }
  }
  return out;
}

describe.each(POLICY_KINDS.map((k) => [k.name, k] as const))('policy %s (conformance)', (name, kind) => {
  it('has an example spec in this suite', () => {
    expect(EXAMPLES[name]).toBeDefined();
  });

  it('normalize fills defaults and is idempotent; parsePolicy(describe()) gives the spec back', () => {
    const spec = normalizePolicy(EXAMPLES[name], kind.slot, '$');
    expect(normalizePolicy(spec, kind.slot, '$')).toEqual(spec);
    const live = kind.slot === 'prewarm' ? createPrewarm(spec, ctx) : createKeepAlive(spec, ctx);
    expect(live.spec).toEqual(spec);
    expect(parsePolicy(live.describe(), kind.slot)).toEqual(spec);
    expect(Object.keys(spec).sort()).toEqual(['type', ...kind.keys].sort());
  });

  it('publishes its schema in schemas/scenario.schema.json', () => {
    expect(schema.$defs[`${kind.slot}Policy-${name}`]).toEqual({ description: kind.description, ...kind.schema });
  });

  it('never decides anything in the past', () => {
    for (const row of drive(kind, 1)) {
      const [now, ...times] = row as [number, ...number[]];
      if (kind.slot === 'prewarm') {
        expect(times[0]!).toBeGreaterThanOrEqual(now);
        continue;
      }
      const [keepUntil, prewarmAt, prewarmKeepUntil] = times as [number, number, number];
      expect(keepUntil).toBeGreaterThanOrEqual(now);
      if (Number.isNaN(prewarmAt)) expect(prewarmKeepUntil).toBeNaN();
      else {
        expect(prewarmAt).toBeGreaterThanOrEqual(now);
        expect(prewarmKeepUntil).toBeGreaterThanOrEqual(prewarmAt);
      }
    }
  });

  it('gives the same decisions for the same events (deterministic)', () => {
    expect(drive(kind, 2)).toEqual(drive(kind, 2));
  });
});
