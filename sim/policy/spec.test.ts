// Policy specs in scenarios: validated by the schema and by each kind, every problem named
// by its JSON path; a table from bad input to the error.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../scenario/errors.ts';
import { resolveScenario } from '../scenario/resolve.ts';
import type { FunctionSpec, Scenario } from '../scenario/types.ts';
import { constant, oneFunction, pipelineProfile } from '../test/helpers.ts';
import { normalizePolicy, parsePolicy } from './registry.ts';

function problems(make: () => Scenario, profile = false): { path: string; message: string }[] {
  try {
    resolveScenario(make(), profile ? pipelineProfile() : null, 'test');
  } catch (e) {
    if (e instanceof ConfigError) return e.issues.map(({ path, message }) => ({ path, message }));
    throw e;
  }
  return [];
}

const lambda = (policy: unknown): FunctionSpec => ({ scaling: { mode: 'lambda' }, warm: constant(1), policy } as FunctionSpec);

describe('policy specs in a scenario', () => {
  it.each([
    ['an unknown keep-alive policy', { keepAlive: { type: 'lru' } }, '$.platform.functions.fn.policy.keepAlive.type', 'must be one of'],
    ['an unknown key', { keepAlive: { type: 'fixed', keepalive: 5 } }, '$.platform.functions.fn.policy.keepAlive', "unknown key 'keepalive' (did you mean 'keepAlive'?"],
    ['a negative keep-alive', { keepAlive: { type: 'fixed', keepAlive: -5 } }, '$.platform.functions.fn.policy.keepAlive.keepAlive', 'must be > 0'],
    ['a percentile over 100', { keepAlive: { type: 'hybrid-histogram', tailPercentile: 120 } }, '$.platform.functions.fn.policy.keepAlive.tailPercentile', 'must be <= 100'],
    ['a head past the tail', { keepAlive: { type: 'hybrid-histogram', headPercentile: 50, tailPercentile: 10 } }, '$.platform.functions.fn.policy.keepAlive.headPercentile', 'must not exceed tailPercentile'],
    ['a histogram of 1e9 bins', { keepAlive: { type: 'hybrid-histogram', binWidth: 1e-5, range: 1e4 } }, '$.platform.functions.fn.policy.keepAlive.binWidth', 'at most 1,000,000'],
    ['a keep-alive past 1e9 s', { keepAlive: { type: 'fixed', keepAlive: 2e9 } }, '$.platform.functions.fn.policy.keepAlive.keepAlive', 'must be <= 1000000000'],
    ['a bad idle-time mode', { keepAlive: { type: 'hybrid-histogram', idleTime: 'app' } }, '$.platform.functions.fn.policy.keepAlive.idleTime', 'must be one of'],
    ['a pre-warm with no delay', { prewarm: { type: 'dag' } }, '$.platform.functions.fn.policy.prewarm', "missing required key 'delay'"],
    ['a pre-warm of a missing function', { prewarm: { type: 'dag', delay: 1, target: 'nope' } }, '$.platform.functions.fn.policy.prewarm.target', "no step or function 'nope'"],
    ['a pre-warm with no next stage outside a pipeline', { prewarm: { type: 'dag', delay: 1 } }, '$.platform.functions.fn.policy.prewarm.target', 'has no next stage'],
    ['a pre-warm of itself', { prewarm: { type: 'dag', delay: 1, target: 'fn' } }, '$.platform.functions.fn.policy.prewarm.target', 'cannot pre-warm itself'],
  ])('resolveScenario rejects %s, naming its JSON path', (_what, policy, path, message) => {
    const found = problems(() => oneFunction(lambda(policy)));
    expect(found.some((p) => p.path === path && p.message.includes(message)), JSON.stringify(found)).toBe(true);
  });

  it('resolveScenario rejects a keep-alive policy on an OpenFaaS-scaled function', () => {
    const found = problems(() => oneFunction({ scaling: { mode: 'fixed' }, warm: constant(1), policy: { keepAlive: { type: 'fixed' } } }));
    expect(found).toEqual([{ path: '$.platform.functions.fn.policy.keepAlive', message: expect.stringContaining("apply to 'lambda' scaling") }]);
  });

  it('resolveScenario fills defaults, and a DAG pre-warm in a pipeline targets the next stage', () => {
    const s = { format: 'fave.scenario/v1', name: 't', seed: 1, horizon: 10, workload: { executor: 'burst', count: 1 }, platform: { defaults: { policy: { prewarm: { type: 'dag', delay: 2 } } } } } as Scenario;
    const found = problems(() => s, true);
    // The last stage has no next one: the defaults' spec is reported there, by its path.
    expect(found).toEqual([{ path: '$.platform.defaults.policy.prewarm.target', message: "function 'object-detector' has no next stage in a pipeline: name a target" }]);
    const ok = resolveScenario(
      { ...s, platform: { functions: { librosa: { policy: { prewarm: { type: 'dag', delay: 2 } } } } } } as Scenario,
      pipelineProfile(),
      'test',
    );
    expect(ok.functions.find((f) => f.name === 'librosa')!.policy.prewarm).toEqual({ type: 'dag', delay: 2, target: null, after: null, count: null, warmup: true });
  });

  it('parsePolicy rejects text that is not name(key=value, ...) and names the slot’s kinds', () => {
    expect(() => parsePolicy('fixed', 'keepAlive')).toThrow('expected name(key=value, ...)');
    expect(() => normalizePolicy({ type: 'dag', delay: 1 }, 'keepAlive', '$.x')).toThrow('$.x.type: must be one of: fixed, hybrid-histogram, greedy-dual');
  });
});
