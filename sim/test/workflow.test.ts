// The workflow interpreter on small machines with constant times, so each expectation is
// an exact sum: joins, Map concurrency, nested Maps, Retry waits, Catch, Fail, and the
// sequential mode. The orchestrator's own warm time (0.01 s) starts every request.
import { describe, expect, it } from 'vitest';
import { parseScenario } from '../scenario/load.ts';
import type { Scenario } from '../scenario/types.ts';
import { constant, simulate } from './helpers.ts';

const task = (fn: string, more: Record<string, unknown> = {}) => ({ Type: 'Task', Resource: fn, ...more });

function workflow(definition: unknown, opts: { warm?: Record<string, number>; fanout?: Record<string, number>; mode?: 'sequential' | 'parallel'; count?: number; maxInflight?: number; overloadAttempts?: number } = {}): Scenario {
  const warm = opts.warm ?? {};
  return parseScenario(
    JSON.parse(
      JSON.stringify({
        format: 'fave.scenario/v1',
        name: 'workflow-test',
        seed: 3,
        horizon: 100,
        workload: { executor: 'burst', count: opts.count ?? 1 },
        client: { timeout: 10000 },
        platform: {
          nodes: [{ cores: null }],
          gateway: { upstreamTimeout: 1000, writeTimeout: 1000 },
          provider: { timeout: 1000 },
          defaults: { execTimeout: 1000, scaling: { mode: 'fixed', min: 1, max: 1 }, maxInflight: 0 },
          // The workflow's functions only: the orchestrator takes every request.
          functions: Object.fromEntries(Object.entries(warm).map(([fn, w]) => [fn, { warm: constant(w), maxInflight: opts.maxInflight ?? 0 }])),
        },
        workflow: {
          definition, fanout: Object.fromEntries(Object.entries(opts.fanout ?? {}).map(([m, n]) => [m, constant(n)])), mode: opts.mode ?? 'parallel',
          ...(opts.overloadAttempts ? { overloadAttempts: opts.overloadAttempts } : {}),
        },
        state: { get: constant(0), put: constant(0) },
      }),
    ),
    'test',
  );
}

const one = (s: Scenario) => simulate(s).variants[0]!.replications[0]!;
const callsOf = (r: ReturnType<typeof one>) => Object.fromEntries(Object.entries(r.functions).map(([k, f]) => [k, f.calls]));

const DIAMOND = {
  StartAt: 'Resize',
  States: {
    Resize: task('resize', { Next: 'Derive' }),
    Derive: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Thumb', States: { Thumb: task('thumbnail', { End: true }) } },
        { StartAt: 'Classify', States: { Classify: task('classify', { End: true }) } },
      ],
      Next: 'Publish',
    },
    Publish: task('publish', { End: true }),
  },
};
const DIAMOND_WARM = { resize: 1, thumbnail: 2, classify: 3, publish: 0.5 };

describe('simulate (workflows)', () => {
  it('a Parallel runs its branches at once and goes on when the slower ends; sequential mode runs them in turn', () => {
    const par = one(workflow(DIAMOND, { warm: DIAMOND_WARM }));
    expect(par.outcomes.ok).toBe(1);
    expect(callsOf(par)).toEqual({ orchestrator: 1, resize: 1, thumbnail: 1, classify: 1, publish: 1 });
    expect(par.latency.max).toBeCloseTo(0.01 + 1 + 3 + 0.5, 9);
    const seq = one(workflow(DIAMOND, { warm: DIAMOND_WARM, mode: 'sequential' }));
    expect(seq.latency.max).toBeCloseTo(0.01 + 1 + 2 + 3 + 0.5, 9);
  });

  it('a Map runs its count of items: all at once, MaxConcurrency at a time, or one by one; zero items go straight on', () => {
    const map = (concurrency: number) => ({
      StartAt: 'Tiles',
      States: { Tiles: { Type: 'Map', MaxConcurrency: concurrency, ItemProcessor: { StartAt: 'T', States: { T: task('tile', { End: true }) } }, Next: 'Done' }, Done: task('done', { End: true }) },
    });
    const run = (concurrency: number, n: number, mode: 'parallel' | 'sequential' = 'parallel') => one(workflow(map(concurrency), { warm: { tile: 1, done: 0.25 }, fanout: { Tiles: n }, mode }));
    expect(callsOf(run(0, 5))).toEqual({ orchestrator: 1, tile: 5, done: 1 });
    expect(run(0, 5).latency.max).toBeCloseTo(0.01 + 1 + 0.25, 9);
    expect(run(2, 5).latency.max).toBeCloseTo(0.01 + 3 + 0.25, 9); // 2 + 2 + 1
    expect(run(0, 5, 'sequential').latency.max).toBeCloseTo(0.01 + 5 + 0.25, 9);
    const none = run(0, 0);
    expect(callsOf(none)).toEqual({ orchestrator: 1, tile: 0, done: 1 });
    expect(none.latency.max).toBeCloseTo(0.01 + 0.25, 9);
  });

  it('nested Maps call their innermost Task count × count times per request', () => {
    const nested = {
      StartAt: 'Outer',
      States: {
        Outer: {
          Type: 'Map',
          Iterator: { StartAt: 'Prep', States: { Prep: task('prep', { Next: 'Inner' }), Inner: { Type: 'Map', ItemProcessor: { StartAt: 'Leaf', States: { Leaf: task('leaf', { End: true }) } }, End: true } } },
          End: true,
        },
      },
    };
    const r = one(workflow(nested, { warm: { prep: 1, leaf: 1 }, fanout: { Outer: 3, Inner: 4 }, count: 2 }));
    expect(r.outcomes.ok).toBe(2);
    expect(callsOf(r)).toEqual({ orchestrator: 2, prep: 6, leaf: 24 });
  });

  it('Retry waits IntervalSeconds × BackoffRate^(n-1) between attempts; once they are spent, Catch goes on to its Next', () => {
    // Every attempt times out at 1 s (the call takes 5): attempts at 0, 2 (after 1 s) and 5
    // (after 2 s), then the catcher's fallback, 0.5 s.
    const machine = (catchers: unknown[]) => ({
      StartAt: 'Slow',
      States: {
        Slow: task('slow', { TimeoutSeconds: 1, Retry: [{ ErrorEquals: ['States.Timeout'], MaxAttempts: 2, IntervalSeconds: 1, BackoffRate: 2 }], Catch: catchers, End: true }),
        Fallback: task('fallback', { End: true }),
      },
    });
    const caught = one(workflow(machine([{ ErrorEquals: ['States.ALL'], Next: 'Fallback' }]), { warm: { slow: 5, fallback: 0.5 } }));
    expect(caught.outcomes.ok).toBe(1);
    expect(callsOf(caught)).toEqual({ orchestrator: 1, slow: 3, fallback: 1 });
    expect(caught.latency.max).toBeCloseTo(0.01 + 1 + 1 + 1 + 2 + 1 + 0.5, 9);
    // A catcher for another error lets the timeout abort the request, with its cause.
    const uncaught = one(workflow(machine([{ ErrorEquals: ['FAVE.429'], Next: 'Fallback' }]), { warm: { slow: 5, fallback: 0.5 } }));
    expect(uncaught.outcomes.ok).toBe(0);
    expect(uncaught.outcomes.aborted).toBe(1);
    expect(uncaught.aborts).toEqual({ 'slow client-timeout': 1 });
    expect(callsOf(uncaught).fallback).toBe(0);
  });

  it('FAVE.429 matches a watchdog refusal: caught, the request goes on; a Fail state aborts with its Error', () => {
    // Two requests at once into one replica with max_inflight 1: the second is refused.
    const machine = {
      StartAt: 'Work',
      States: { Work: task('work', { Catch: [{ ErrorEquals: ['FAVE.429'], Next: 'Refused' }], End: true }), Refused: { Type: 'Fail', Error: 'Busy' } },
    };
    const r = one(workflow(machine, { warm: { work: 1 }, count: 2, maxInflight: 1 }));
    expect(r.outcomes.ok).toBe(1);
    expect(r.aborts).toEqual({ 'Refused Busy': 1 });
  });

  it('overloadAttempts: the orchestrator calls a function that answered 429 again after a short jittered wait, below ASL\'s retriers', () => {
    const machine = { StartAt: 'Work', States: { Work: task('work', { End: true }) } };
    // Three requests at once into one slot of 1 s work: by default two are refused and fail.
    const once = one(workflow(machine, { warm: { work: 1 }, count: 3, maxInflight: 1 }));
    expect(once.outcomes).toMatchObject({ ok: 1, aborted: 2 });
    expect(once.aborts).toEqual({ 'work 429': 2 });
    // With enough attempts each waits its turn: waits of at most 0.25 s, so all three end
    // within their three seconds of work plus the waits, and the function saw the extra calls.
    const patient = one(workflow(machine, { warm: { work: 1 }, count: 3, maxInflight: 1, overloadAttempts: 100 }));
    expect(patient.outcomes).toMatchObject({ ok: 3, aborted: 0 });
    expect(patient.functions['work']!.calls).toBeGreaterThan(3);
    expect(patient.latency.max).toBeLessThan(3 + 0.25 * 3 + 0.1);
    // Too few attempts for the wait: the third request still fails on its last 429.
    const short = one(workflow(machine, { warm: { work: 1 }, count: 3, maxInflight: 1, overloadAttempts: 2 }));
    expect(short.outcomes.aborted).toBeGreaterThan(0);
    expect(short.outcomes.aborted).toBeLessThan(3);
  });
});
