import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runScenario } from '../run/run-scenario.ts';
import { parseScenario } from '../scenario/load.ts';
import type { TraceData } from '../trace/trace-data.ts';
import { LambdaInstances } from './lambda-instances.ts';
import { READY } from './replica.ts';

// LambdaInstances.sweepExpired skips a function until its bound (FnState.sweepFrom) says one
// of its idle instances may have expired. The oracle is the sweep it replaced, which looked
// at every instance of every function: on random multi-function traces that keep hitting
// their concurrency limits (each such call sweeps), with orphaned work (exec timeouts),
// keep-alive policies and pre-warms, placement on memory-bound nodes and OOM restarts there,
// both give the same result.

/** The sweep without the bound: every lambda function, every idle instance, newest first. */
function sweepEverything(this: LambdaInstances): void {
  const self = this as unknown as {
    engine: { now: number };
    fns: { cfg: { scaling: { mode: string } }; replicas: { state: number; inflight: number; jobCount: number; driving: number }[] }[];
    policies: { expiry(r: unknown): number };
    lifecycle: { destroy(r: unknown, at: number): void };
  };
  const now = self.engine.now;
  for (const fn of self.fns) {
    if (fn.cfg.scaling.mode !== 'lambda') continue;
    for (let i = fn.replicas.length - 1; i >= 0; i--) {
      const r = fn.replicas[i]!;
      if (r.state !== READY || r.inflight !== 0 || r.jobCount !== 0 || r.driving !== 0) continue;
      const expiry = self.policies.expiry(r);
      if (expiry <= now) self.lifecycle.destroy(r, expiry);
    }
  }
}

interface Case {
  counts: number[][]; // per function, per minute
  warm: number[];
  max: number[];
  keepAlive: number;
  execTimeout: number;
  policy: null | 'greedy-dual' | 'hybrid-histogram';
  nodeMemoryMB: number | null;
  /** Memory a call adds to its instance: on memory-bound nodes, OOM kills and restarts. */
  callMemoryMB: number;
}

function run(c: Case) {
  const names = c.counts.map((_, i) => `f${i}`);
  const minutes = c.counts[0]!.length;
  const counts = new Int32Array(names.length * minutes);
  c.counts.forEach((row, f) => row.forEach((n, m) => (counts[f * minutes + m] = n)));
  const trace: TraceData = {
    format: 'azure2019',
    source: 'test',
    functions: names.map((name, i) => ({ name, hash: name, warm: { type: 'exponential', mean: c.warm[i]! }, memoryMB: 100, invocations: c.counts[i]!.reduce((a, b) => a + b, 0) })),
    counts,
    minutes,
    times: null,
    fns: null,
  };
  const s = parseScenario(
    {
      format: 'fave.scenario/v1',
      name: 'sweep',
      seed: 7,
      horizon: minutes * 60,
      target: 'trace',
      workload: { executor: 'azure-trace', format: 'azure2019' },
      output: { timeSeriesStep: 45 },
      platform: {
        nodes: [{ cores: null, ...(c.nodeMemoryMB === null ? {} : { memoryMB: c.nodeMemoryMB }), count: 2 }],
        defaults: {
          execTimeout: c.execTimeout,
          // As the Azure scenarios: a start and an init take time.
          containerStart: { type: 'constant', value: 0.5 },
          init: { type: 'constant', value: 0.5 },
          scaling: { mode: 'lambda', keepAlive: c.keepAlive },
          ...(c.policy ? { policy: { keepAlive: c.policy === 'hybrid-histogram' ? { type: c.policy, binWidth: 10 } : { type: c.policy } } } : {}),
        },
        functions: Object.fromEntries(names.map((n, i) => [n, { memoryMB: { base: 100, perRequest: c.callMemoryMB }, scaling: { mode: 'lambda', keepAlive: c.keepAlive, max: c.max[i]! } }])),
      },
    },
    'test',
  );
  const variants = runScenario(s, null, null, 'test', { trace }).variants;
  return { json: JSON.stringify(variants), refused: variants[0]!.replications[0]!.outcomes['429']! };
}

// f0 is busy enough to stay at its limit (8-12 calls a minute of 20-40 s each on 1-2
// instances), f1 calls every few minutes, the others come and go.
const MINUTES = 20;
const minutes = (min: number) => fc.array(fc.integer({ min, max: 12 }), { minLength: MINUTES, maxLength: MINUTES });
/** A call every `period` minutes: idle times the hybrid histogram learns, and pre-warms for. */
const periodic = fc.integer({ min: 2, max: 4 }).map((period) => Array.from({ length: MINUTES }, (_, m) => (m % period === 0 ? 1 : 0)));
const cases: fc.Arbitrary<Case> = fc.integer({ min: 1, max: 3 }).chain((n) =>
  fc.record({
    counts: fc.tuple(minutes(8), periodic, fc.array(minutes(0), { minLength: n - 1, maxLength: n - 1 })).map(([f0, f1, rest]) => [f0, f1, ...rest]),
    warm: fc.tuple(fc.double({ min: 20, max: 40, noNaN: true }), fc.array(fc.double({ min: 0.5, max: 40, noNaN: true }), { minLength: n, maxLength: n })).map(([w, rest]) => [w, ...rest]),
    max: fc.tuple(fc.integer({ min: 1, max: 2 }), fc.array(fc.integer({ min: 1, max: 4 }), { minLength: n, maxLength: n })).map(([m, rest]) => [m, ...rest]),
    keepAlive: fc.integer({ min: 5, max: 120 }),
    execTimeout: fc.constantFrom(8, 3600),
    policy: fc.constantFrom(null, 'greedy-dual' as const, 'hybrid-histogram' as const),
    nodeMemoryMB: fc.constantFrom(null, 400),
    callMemoryMB: fc.constantFrom(0, 60),
  }),
);

afterEach(() => vi.restoreAllMocks());

describe('LambdaInstances.sweepExpired', () => {
  it('removes exactly what a look at every instance of every function would, in the same order', () => {
    let limited = 0;
    fc.assert(
      fc.property(cases, (c) => {
        const fast = run(c);
        const spy = vi.spyOn(LambdaInstances.prototype, 'sweepExpired').mockImplementation(sweepEverything);
        const full = run(c);
        spy.mockRestore();
        expect(fast.json).toBe(full.json);
        if (fast.refused > 0) limited++;
      }),
      { numRuns: 60 },
    );
    // The cases reach the concurrency limits, where each call sweeps every function.
    expect(limited).toBeGreaterThan(30);
  });
});
