import { describe, expect, it } from 'vitest';
import { runScenario } from '../run/run-scenario.ts';
import { parseScenario } from '../scenario/load.ts';
import type { TraceData } from '../trace/trace-data.ts';

/** Three 100 MB functions on a 200 MB node, one call a minute: a, b, c, a, b. a is costly to
 * recreate (5 s start), b cheap (0.1 s), c in between (1 s). */
function run(keepAlive: unknown) {
  const order = ['a', 'b', 'c', 'a', 'b'];
  const names = ['a', 'b', 'c'];
  const counts = new Int32Array(names.length * order.length);
  order.forEach((f, m) => (counts[names.indexOf(f) * order.length + m] = 1));
  const trace: TraceData = {
    format: 'azure2019',
    source: 'test',
    functions: names.map((name) => ({ name, hash: name, warm: { type: 'constant', value: 1 }, memoryMB: 100, invocations: 2 })),
    counts,
    minutes: order.length,
    times: null,
    fns: null,
  };
  const s = parseScenario(
    {
      format: 'fave.scenario/v1',
      name: 'greedy-dual',
      seed: 1,
      horizon: 300,
      target: 'trace',
      workload: { executor: 'azure-trace', format: 'azure2019', spread: 'equidistant' },
      platform: {
        nodes: [{ cores: null, memoryMB: 200 }],
        defaults: { scaling: { mode: 'lambda', keepAlive: 3600 }, ...(keepAlive ? { policy: { keepAlive } } : {}) },
        functions: { a: { containerStart: { type: 'constant', value: 5 } }, b: { containerStart: { type: 'constant', value: 0.1 } }, c: { containerStart: { type: 'constant', value: 1 } } },
      },
    },
    'test',
  );
  return runScenario(s, null, null, 'test', { trace }).variants[0]!.replications[0]!;
}

describe('greedyDual', () => {
  it('simulate with Greedy-Dual evicts the idle instance cheapest to recreate when memory runs out', () => {
    const r = run({ type: 'greedy-dual' });
    const cold = (f: string) => r.functions[f]!.firstCalls;
    // c needs room: b (0.1 s to recreate) goes, not a (5 s); then b needs room and c goes.
    expect([cold('a'), cold('b'), cold('c')]).toEqual([1, 2, 1]);
    expect(r.outcomes.ok).toBe(5);
    expect(r.unschedulable).toBe(0);
  });

  it('simulate with a fixed keep-alive evicts nothing: the third function finds no memory (503)', () => {
    const r = run(null);
    expect(r.functions.c!.outcomes['503']).toBe(1);
    expect(r.unschedulable).toBeGreaterThan(0);
  });
});
