// The pre-warm optimizer's model and search on small workflows with known answers: a
// Parallel ends with its slowest branch, a Map with the slowest of its N items (the order
// statistic, not its first item), a plan pre-warms the branch that needs it from the
// start, the budget bounds the idle memory a plan adds, and the same seed gives the same plan.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/load.ts';
import { resolveScenario } from '../scenario/resolve.ts';
import { constant, exp } from '../test/helpers.ts';
import type { DistSpec } from '../dist/spec.ts';
import { DagModel } from './dag-model.ts';
import { planDagPrewarm } from './dag-plan.ts';

const task = (fn: string, next?: string) => ({ Type: 'Task', Resource: fn, ...(next ? { Next: next } : { End: true }) });
// Lambda-style: container 1 s + init 0.5 s before a cold call's warm time; 1 GB each.
const fn = (warm: DistSpec) => ({ scaling: { mode: 'lambda', keepAlive: 600 }, memoryLimitMB: 1024, warm, containerStart: constant(1), init: constant(0.5), firstCall: constant(0) });

function config(definition: unknown, functions: Record<string, DistSpec>, fanout: Record<string, DistSpec> = {}, mode = 'parallel') {
  const s = parseScenario(
    JSON.parse(
      JSON.stringify({
        format: 'fave.scenario/v1',
        name: 'dag-plan',
        seed: 1,
        horizon: 100,
        regime: 'cold',
        workload: { executor: 'burst', count: 1 },
        platform: {
          nodes: [{ cores: null }],
          functions: {
            orchestrator: { scaling: { mode: 'fixed', min: 1, max: 1 }, regime: 'warm', warm: constant(0) },
            ...Object.fromEntries(Object.entries(functions).map(([name, warm]) => [name, fn(warm)])),
          },
        },
        workflow: { definition, fanout, mode },
        state: { mode: 'off' },
      }),
    ),
    'test',
  );
  return resolveScenario(s, null, 'test');
}

const DIAMOND = {
  StartAt: 'Resize',
  States: {
    Resize: task('resize', 'Derive'),
    Derive: { Type: 'Parallel', Branches: [{ StartAt: 'Classify', States: { Classify: task('classify') } }, { StartAt: 'Thumb', States: { Thumb: task('thumb') } }], End: true },
  },
};

describe('pre-warm optimizer on any workflow', () => {
  const diamond = config(DIAMOND, { resize: constant(1), classify: constant(5), thumb: constant(1) });
  const idx = (name: string) => diamond.functions.findIndex((f) => f.name === name);

  it('models a Parallel as its slowest branch, and pre-warms that branch from the start', () => {
    // Never: resize 1.5 + 1, then classify 1.5 + 5 (thumb's 2.5 s is hidden) = 9 s.
    const r = planDagPrewarm(diamond, { samples: 200, budgetGBs: 10 });
    expect(r.never.p95).toBeCloseTo(9, 9);
    // classify loading from 1 s after the start is ready when called (2.5 s): 2.5 + 5; resize
    // pre-warmed at the start saves nothing (its call comes at once).
    expect(r.best.p95).toBeCloseTo(7.5, 9);
    expect(r.best.plan[idx('classify')]).toEqual({ trigger: diamond.workflow!.orchestrator, delay: 1 });
    // The cheapest plan with that p95: classify's load (1.5 s at 1 GB) is the idle it adds.
    expect(r.best.addedGBs).toBeCloseTo(1.5, 9);
    expect(r.best.plan[idx('thumb')]).toBeNull();
  });

  it('honours the idle-memory budget: none allows no pre-warm, a pre-warm’s load is idle memory', () => {
    const r = planDagPrewarm(diamond, { samples: 200, budgetGBs: 0 });
    expect(r.best.plan.every((x) => x === null)).toBe(true);
    expect(r.best.p95).toBeCloseTo(9, 9);
    const under = planDagPrewarm(diamond, { samples: 200, budgetGBs: 1.4 });
    expect(under.best.addedGBs).toBeLessThanOrEqual(1.4);
  });

  it('models a Map as the slowest of its N items (the order statistic), not its first', () => {
    const MAP = { StartAt: 'Items', States: { Items: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: { StartAt: 'Work', States: { Work: task('work') } }, End: true } } };
    // Every instance warm-free: only the items' exponential times count (mean 1 s).
    const cold = 1.5;
    const p95 = (n: number, mode = 'parallel') => new DagModel(config(MAP, { work: exp(1) }, { Items: constant(n) }, mode), 4000, 3).score(new Array(2).fill(null)).p95 - cold;
    // P(max of 4 ≤ x) = (1 − e^−x)^4 = 0.95 at x = −ln(1 − 0.95^¼) ≈ 4.36 s; one item's p95 is 3.0 s.
    // 4000 paths: a p95's standard error is about 0.07 s here, so within 0.25 s.
    const near = (x: number, want: number, tol: number) => expect(Math.abs(x - want), `${x} vs ${want}`).toBeLessThan(tol);
    near(p95(1), -Math.log(0.05), 0.25);
    near(p95(4), -Math.log(1 - 0.95 ** 0.25), 0.25);
    // One at a time (sequential): four cold starts' worth is not paid, one instance serves all,
    // and the sum of four (a gamma(4, 1): p95 ≈ 7.75 s) is what counts.
    near(p95(4, 'sequential'), 7.75, 0.4);
  });

  it('gives the same plan for the same seed', () => {
    const a = planDagPrewarm(diamond, { samples: 100, seed: 4 });
    expect(planDagPrewarm(diamond, { samples: 100, seed: 4 })).toEqual(a);
  });
});
