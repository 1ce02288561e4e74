// DAG pre-warm rules on a workflow (dag-prewarm.ts with `after` and `count`), on a
// split → (extract → classify) × 4 machine with constant times, Lambda-style functions and
// one cold request, so each expectation is an exact sum: a delay measured from the start or
// from an earlier step, a count that defaults to the fan-out, and a call that waits for a
// pre-warmed instance still loading instead of starting a cold one.
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../scenario/errors.ts';
import { parseScenario } from '../scenario/load.ts';
import { resolveScenario } from '../scenario/resolve.ts';
import type { Scenario } from '../scenario/types.ts';
import { constant, simulate } from '../test/helpers.ts';
import { fanOut } from '../workflow/steps.ts';

const task = (fn: string, next?: string) => ({ Type: 'Task', Resource: fn, ...(next ? { Next: next } : { End: true }) });
const MACHINE = {
  StartAt: 'Split',
  States: {
    Split: task('split', 'Chunks'),
    Chunks: { Type: 'Map', ItemsPath: '$.chunks', ItemProcessor: { StartAt: 'Extract', States: { Extract: task('extract', 'Classify'), Classify: task('classify') } }, End: true },
  },
};
// Lambda cold start: container 1 s + init 0.5 s (no first-call penalty), then the warm time.
const lambda = (warm: number, prewarm?: Record<string, unknown>) => ({
  scaling: { mode: 'lambda', keepAlive: 600 },
  warm: constant(warm),
  containerStart: constant(1),
  init: constant(0.5),
  firstCall: constant(0),
  ...(prewarm ? { policy: { prewarm: { type: 'dag', ...prewarm } } } : {}),
});

// OpenFaaS: one call at a time per replica (workers 1), up to 8 replicas, none at t = 0.
const openfaas = (warm: number, prewarm?: Record<string, unknown>) => ({
  scaling: { mode: 'fixed', min: 1, max: 8 },
  workers: 1,
  maxInflight: 8,
  warm: constant(warm),
  containerStart: constant(1),
  init: constant(0.5),
  firstCall: constant(0),
  ...(prewarm ? { policy: { prewarm: { type: 'dag', ...prewarm } } } : {}),
});

function scenario(rules: Record<string, Record<string, unknown>> = {}, mode: 'parallel' | 'sequential' = 'parallel', platform: (warm: number, prewarm?: Record<string, unknown>) => object = lambda): Scenario {
  return parseScenario(
    JSON.parse(
      JSON.stringify({
        format: 'fave.scenario/v1',
        name: 'dag-rules',
        seed: 5,
        horizon: 100,
        regime: 'cold',
        workload: { executor: 'burst', count: 1 },
        client: { timeout: 10000 },
        platform: {
          nodes: [{ cores: null }],
          gateway: { upstreamTimeout: 1000, writeTimeout: 1000 },
          provider: { timeout: 1000 },
          defaults: { execTimeout: 1000 },
          functions: {
            orchestrator: { scaling: { mode: 'fixed', min: 1, max: 1 }, regime: 'warm', warm: constant(0) },
            split: platform(4, rules.split),
            extract: platform(2, rules.extract),
            classify: platform(3, rules.classify),
          },
        },
        workflow: { definition: MACHINE, fanout: { Chunks: constant(4) }, mode },
        state: { get: constant(0), put: constant(0) },
      }),
    ),
    'test',
  );
}
const one = (s: Scenario) => simulate(s).variants[0]!.replications[0]!;
const cold = (r: ReturnType<typeof one>) => Object.fromEntries(Object.entries(r.functions).map(([k, f]) => [k, f.coldStarts]));

describe('DAG pre-warm rules on a workflow', () => {
  // No pre-warm: split 1.5 + 4, extract 1.5 + 2, classify 1.5 + 3 = 13.5 s.
  const none = one(scenario());

  it('a rule after "start" measures its delay from the workflow’s start, one after a step from that step’s call', () => {
    expect(none.latency.max).toBeCloseTo(13.5, 9);
    // extract's four instances loading from t = 0: ready at 1.5, used at 5.5: its cold start is gone.
    const fromStart = one(scenario({ extract: { after: 'start', delay: 0 } }));
    expect(fromStart.latency.max).toBeCloseTo(12, 9);
    // The same delay from Split's call (t = 0 too, as the orchestrator calls it at once) ...
    expect(one(scenario({ extract: { after: 'Split', delay: 0 } })).latency.max).toBeCloseTo(12, 9);
    // ... but classify 6 s after the start is ready at 7.5 s, in time for its calls at 7.5 s,
    // and so is classify 0.5 s after extract's calls (5.5 s); 6 s after them is too late.
    const both = (classify: Record<string, unknown>) => one(scenario({ extract: { after: 'start', delay: 0 }, classify })).latency.max;
    expect(both({ after: 'start', delay: 6 })).toBeCloseTo(10.5, 9);
    expect(both({ after: 'extract', delay: 0.5 })).toBeCloseTo(10.5, 9);
    expect(both({ after: 'extract', delay: 6 })).toBeCloseTo(12, 9);
  });

  it('a rule’s count defaults to the fan-out: four instances for a 4-way Map, one in sequential mode', () => {
    const r = one(scenario({ classify: { after: 'Extract', delay: 0 } }));
    expect(cold(r)).toMatchObject({ split: 1, extract: 4, classify: 4 });
    expect(r.latency.max).toBeCloseTo(13.5 - 1.5, 9); // loaded while extract ran
    const fewer = one(scenario({ classify: { after: 'Extract', delay: 0, count: 2 } }));
    expect(cold(fewer)).toMatchObject({ classify: 4 }); // two pre-warmed, two cold
    expect(fewer.latency.max).toBeCloseTo(13.5, 9); // the slowest item still starts cold
    const cfg = resolveScenario(scenario({}, 'sequential'), null, 'test');
    expect(fanOut(cfg.workflow, cfg.functions.findIndex((f) => f.name === 'classify'))).toBe(1);
    const par = resolveScenario(scenario(), null, 'test');
    expect(fanOut(par.workflow, par.functions.findIndex((f) => f.name === 'classify'))).toBe(4);
  });

  it('on OpenFaaS a fan-out of 4 on one-worker replicas pre-warms 4 replicas, a count of 1 one', () => {
    const replicas = (rule: Record<string, unknown>) => one(scenario({ classify: rule }, 'parallel', openfaas)).functions.classify!.maxReplicas;
    expect(replicas({ after: 'start', delay: 0 })).toBe(4);
    expect(replicas({ after: 'start', delay: 0, count: 1 })).toBe(1);
  });

  it('in Lambda mode a call that finds a pre-warmed instance still loading waits for it and starts no other', () => {
    // classify pre-warmed 3 s after extract's calls (5.5 s): loading until 10 s; called at 9 s.
    const r = one(scenario({ classify: { after: 'extract', delay: 3 } }));
    expect(cold(r)).toMatchObject({ classify: 4 }); // the four pre-warmed, no more
    expect(r.latency.max).toBeCloseTo(10 + 3, 9); // waited 1 s instead of a 1.5 s cold start
  });

  it('rules that cannot hold are refused, naming the rule’s JSON path', () => {
    const issues = (rules: Record<string, Record<string, unknown>>) => {
      try {
        resolveScenario(scenario(rules), null, 'test');
      } catch (e) {
        if (e instanceof ConfigError) return e.issues.map((i) => `${i.path}: ${i.message}`);
        throw e;
      }
      return [];
    };
    expect(issues({ split: { after: 'Extract', delay: 1 } })).toEqual([
      expect.stringMatching(/^\$\.platform\.functions\.split\.policy\.prewarm\.after: 'extract' is not called before 'split'/),
    ]);
    expect(issues({ extract: { after: 'Nowhere', delay: 1 } })).toEqual([expect.stringMatching(/prewarm\.after: no step or function 'Nowhere'/)]);
    expect(issues({ extract: { after: 'start', target: 'orchestrator', delay: 1 } })).toEqual([expect.stringMatching(/prewarm\.target: the orchestrator starts the workflow/)]);
    expect(issues({ extract: { after: 'Extract', delay: 1 } })).toEqual([expect.stringMatching(/cannot pre-warm 'extract'/)]);
    expect(issues({ extract: { after: 'start', delay: 1, count: 0 } })).toEqual([expect.stringMatching(/prewarm\.count/)]);
  });
});
