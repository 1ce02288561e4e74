// RunOptions.keepSamples: the raw latencies validate needs, and nothing else changed.
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../profile/load.ts';
import { lambdaFastPathBlocker } from '../fast/lambda-eligibility.ts';
import { resolveScenario } from '../scenario/resolve.ts';
import { loadScenarioFile } from '../scenario/load.ts';
import { oneFunction } from '../test/helpers.ts';
import { runScenario } from './run-scenario.ts';
import type { SimResult } from './result.ts';

/** The result without the kept samples, to compare with a run that did not keep them. */
const withoutSamples = (r: SimResult) => ({ ...r, variants: r.variants.map(({ samples: _s, ...v }) => v) });

describe('runScenario keepSamples', () => {
  it('a pipeline run keeps every successful latency per replication, and its result is otherwise the same', async () => {
    const profile = await loadProfile('profiles/embedded-2core.json');
    const scenario = { ...loadScenarioFile('scenarios/warm-steady.json'), horizon: 120 };
    const plain = runScenario(scenario, profile, null, 'test', { replications: 2, seed: 3 });
    const kept = runScenario(scenario, profile, null, 'test', { replications: 2, seed: 3, keepSamples: true });
    expect(plain.variants[0]!.samples).toBeUndefined();
    expect(withoutSamples(kept)).toStrictEqual(plain);
    const v = kept.variants[0]!;
    expect(v.samples).toHaveLength(2);
    v.samples!.forEach((s, i) => {
      const rep = v.replications[i]!;
      expect(s.e2e.length).toBe(rep.outcomes.ok);
      expect(s.e2e.length).toBeGreaterThan(0);
      expect(Math.max(...s.e2e)).toBe(rep.latency.max);
      for (const [fn, xs] of Object.entries(s.functions)) expect(xs.length, fn).toBe(rep.functions[fn]!.outcomes.ok);
    });
    // Each replication's own samples: the two seeds differ.
    expect(v.samples![0]!.e2e).not.toEqual(v.samples![1]!.e2e);
  });

  it('the Lambda fast path keeps them too: its one function\'s calls are its requests', () => {
    const scenario = { ...oneFunction({ scaling: { mode: 'lambda', keepAlive: 600 }, warm: { type: 'exponential', mean: 2 } }), horizon: 200 };
    expect(lambdaFastPathBlocker(resolveScenario(scenario, null, 'test', null))).toBeNull();
    const kept = runScenario(scenario, null, null, 'test', { replications: 1, keepSamples: true });
    expect(withoutSamples(kept)).toStrictEqual(runScenario(scenario, null, null, 'test', { replications: 1 }));
    const s = kept.variants[0]!.samples![0]!;
    expect(s.e2e.length).toBe(kept.variants[0]!.replications[0]!.outcomes.ok);
    expect(Object.values(s.functions)[0]).toEqual(s.e2e);
  });
});
