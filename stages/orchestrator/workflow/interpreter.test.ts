import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { AslMachine } from '../../../sim/workflow/asl.ts';
import { parseWorkflow } from '../../../sim/workflow/parse.ts';
import { runWorkflow, TaskCallError, WorkflowAbort, type InterpreterDeps, type TaskCall } from './interpreter.ts';
import { WORKFLOW_LIMITS } from './live-checks.ts';

// A fake gateway: each function answers by a script (an output, or a failure by error name),
// and every call and every retry wait is logged, so the tests are deterministic.

type Answer = unknown | { fail: string; outcome?: string };
type Script = (c: TaskCall, n: number) => Answer;

function fake(scripts: Record<string, Script>, over: Partial<InterpreterDeps> = {}) {
  const calls: TaskCall[] = [];
  const sleeps: number[] = [];
  const per = new Map<string, number>();
  const deps: InterpreterDeps = {
    mode: 'parallel', defaultTimeoutMs: 300_000, limits: WORKFLOW_LIMITS,
    sleep: async (ms) => void sleeps.push(ms),
    call: async (c) => {
      calls.push(c);
      const n = (per.get(c.callKey) ?? 0) + 1;
      per.set(c.callKey, n);
      const script = scripts[c.fn] ?? ((x: TaskCall) => x.body);
      const a = script(c, n);
      if (a && typeof a === 'object' && 'fail' in (a as object)) {
        const { fail, outcome } = a as { fail: string; outcome?: string };
        throw new TaskCallError({ name: fail, outcome: outcome ?? fail.replace('FAVE.', ''), httpStatus: null, cause: 'internal', message: `${c.fn} failed with ${fail}` });
      }
      await new Promise((r) => setTimeout(r, 1));
      return { output: a, chars: JSON.stringify(a)?.length ?? 0 };
    },
    ...over,
  };
  return { deps, calls, sleeps, count: (fn: string) => calls.filter((c) => c.fn === fn).length };
}

const machine = (json: unknown) => parseWorkflow(json, 'test') as AslMachine;
const task = (Resource: string, rest: object = {}) => ({ Type: 'Task', Resource, ...('Next' in rest ? {} : { End: true }), ...rest });
const aborted = async (p: Promise<unknown>) => {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(WorkflowAbort);
  return e as WorkflowAbort;
};

describe('runWorkflow (the live interpreter)', () => {
  it('runs the shipped image pipeline: resize, thumbnail ∥ classify, then classify per tile at most 4 at once', async () => {
    const image = machine(JSON.parse(readFileSync(new URL('../../../workflows/image-pipeline.asl.json', import.meta.url), 'utf8')));
    let inflight = 0;
    let peak = 0;
    const f = fake({
      resize: () => ({ width: 512 }),
      classify: () => ({ label: 'cat' }),
    });
    const inner = f.deps.call;
    f.deps.call = async (c) => {
      inflight++;
      peak = Math.max(peak, c.state === 'ClassifyTile' ? inflight : 0);
      try { return await inner(c); } finally { inflight--; }
    };
    const tiles = Array.from({ length: 7 }, (_, i) => ({ tile: i }));
    const out = (await runWorkflow(image, { image: 'x.jpg', tiles }, f.deps)) as Record<string, unknown>;
    expect(f.count('resize')).toBe(1);
    expect(f.count('thumbnail')).toBe(1);
    expect(f.count('classify')).toBe(1 + 7);
    expect(peak).toBeLessThanOrEqual(4);
    expect(f.calls.filter((c) => c.state === 'ClassifyTile').map((c) => c.callKey).sort()).toEqual(tiles.map((_, i) => `Tiles[${i}]/ClassifyTile`).sort());
    // Each tile's call gets its item as the body.
    expect(f.calls.find((c) => c.callKey === 'Tiles[3]/ClassifyTile')!.body).toEqual({ tile: 3 });
    expect(out.resized).toEqual({ width: 512 });
    expect(Array.isArray(out.tileLabels)).toBe(true);
  });

  it('Parallel answers an array of its branches\' outputs, in branch order, and InputPath/ResultPath/OutputPath move data', async () => {
    const m = machine({
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel', InputPath: '$.job', ResultPath: '$.results', OutputPath: '$.results', End: true,
          Branches: [{ StartAt: 'A', States: { A: task('a') } }, { StartAt: 'B', States: { B: task('b', { ResultPath: '$.b' }) } }],
        },
      },
    });
    const f = fake({ a: () => 'from a', b: () => 42 });
    expect(await runWorkflow(m, { job: { n: 1 } }, f.deps)).toEqual(['from a', { n: 1, b: 42 }]);
    expect(f.calls.map((c) => c.body)).toEqual([{ n: 1 }, { n: 1 }]);
  });

  it('Retry waits IntervalSeconds × BackoffRate^(n−1) and the exhausted retrier hands the error to Catch', async () => {
    const m = machine({
      StartAt: 'T',
      States: {
        T: { ...task('flaky'), Retry: [{ ErrorEquals: ['FAVE.429'], MaxAttempts: 3, IntervalSeconds: 2, BackoffRate: 1.5 }], Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught', ResultPath: '$.error' }] },
        Caught: { Type: 'Succeed' },
      },
    });
    const f = fake({ flaky: () => ({ fail: 'FAVE.429' }) });
    const out = await runWorkflow(m, { keep: true }, f.deps);
    expect(f.count('flaky')).toBe(4);
    expect(f.sleeps).toEqual([2000, 3000, 4500]);
    expect(out).toEqual({ keep: true, error: { Error: 'FAVE.429', Cause: 'flaky failed with FAVE.429' } });
  });

  it('a retry that succeeds goes on to Next with the answer; ASL\'s default retrier is 3 attempts, 1 s, × 2', async () => {
    const m = machine({ StartAt: 'T', States: { T: { ...task('f', { Next: 'U' }), Retry: [{ ErrorEquals: ['States.TaskFailed'] }] }, U: task('g') } });
    const f = fake({ f: (_c, n) => (n < 3 ? { fail: 'FAVE.503' } : 'third time') });
    expect(await runWorkflow(m, {}, f.deps)).toBe('third time');
    expect(f.sleeps).toEqual([1000, 2000]);
    expect(f.calls.map((c) => c.fn)).toEqual(['f', 'f', 'f', 'g']);
  });

  it('States.TaskFailed does not match States.Timeout: a timed-out call goes past it to the catcher that names it', async () => {
    const m = machine({
      StartAt: 'T',
      States: {
        T: { ...task('slow', { TimeoutSeconds: 2 }), Retry: [{ ErrorEquals: ['States.TaskFailed'], MaxAttempts: 5 }], Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'Late' }] },
        Late: task('fallback'),
      },
    });
    const f = fake({ slow: () => ({ fail: 'States.Timeout', outcome: 'client-timeout' }), fallback: () => 'fell back' });
    expect(await runWorkflow(m, {}, f.deps)).toBe('fell back');
    expect(f.count('slow')).toBe(1);
    expect(f.calls[0]!.timeoutMs).toBe(2000);
    expect(f.calls[1]!.timeoutMs).toBe(300_000);
    expect(f.calls[1]!.body).toEqual({ Error: 'States.Timeout', Cause: 'slow failed with States.Timeout' });
  });

  it('an uncaught failure aborts under `<function> <outcome>`, starts nothing more, and waits for calls in flight', async () => {
    const m = machine({
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel', Next: 'After',
          Branches: [{ StartAt: 'Bad', States: { Bad: task('bad') } }, { StartAt: 'Slow', States: { Slow: task('slow', { Next: 'Never' }), Never: task('never') } }],
        },
        After: task('after'),
      },
    });
    let slowDone = false;
    const f = fake({ bad: () => ({ fail: 'FAVE.502', outcome: '502' }) });
    const inner = f.deps.call;
    f.deps.call = async (c) => {
      if (c.fn === 'slow') {
        await new Promise((r) => setTimeout(r, 30));
        slowDone = true;
      }
      return inner(c);
    };
    const e = await aborted(runWorkflow(m, {}, f.deps));
    expect(slowDone).toBe(true);
    expect(e).toMatchObject({ kind: 'task', key: 'bad 502', error: 'FAVE.502', state: 'Bad' });
    expect(e.failure).toMatchObject({ fn: 'bad', callKey: 'P[0]/Bad' });
    expect(f.count('never') + f.count('after')).toBe(0);
  });

  it('a Fail state aborts the execution under `<state> <Error>`; Succeed ends only its branch', async () => {
    const m = machine({
      StartAt: 'P',
      States: {
        P: { Type: 'Parallel', Next: 'Stop', Branches: [{ StartAt: 'Done', States: { Done: { Type: 'Succeed' } } }] },
        Stop: { Type: 'Fail', Error: 'NoTiles', Cause: 'nothing to do' },
      },
    });
    const e = await aborted(runWorkflow(m, {}, fake({}).deps));
    expect(e).toMatchObject({ kind: 'fail', key: 'Stop NoTiles', error: 'NoTiles', detail: 'nothing to do' });
  });

  it('Map reads its items from ItemsPath: a missing or non-array path aborts with States.Runtime naming it', async () => {
    const m = machine({ StartAt: 'M', States: { M: { Type: 'Map', ItemsPath: '$.tiles', ItemProcessor: { StartAt: 'T', States: { T: task('f') } }, End: true } } });
    expect(await aborted(runWorkflow(m, { other: 1 }, fake({}).deps))).toMatchObject({ kind: 'runtime', key: 'M States.Runtime' });
    expect((await aborted(runWorkflow(m, { tiles: 3 }, fake({}).deps))).message).toContain("ItemsPath '$.tiles' must select an array");
    const f = fake({});
    expect(await runWorkflow(m, { tiles: [] }, f.deps)).toEqual([]);
    expect(f.calls).toHaveLength(0);
  });

  it('sequential mode makes one call at a time, in branch and item order', async () => {
    const m = machine({
      StartAt: 'P',
      States: {
        P: { Type: 'Parallel', Next: 'M', ResultPath: null, Branches: [{ StartAt: 'A', States: { A: task('a') } }, { StartAt: 'B', States: { B: task('b') } }] },
        M: { Type: 'Map', ItemsPath: '$.items', ItemProcessor: { StartAt: 'C', States: { C: task('c') } }, End: true },
      },
    });
    let inflight = 0;
    let peak = 0;
    const f = fake({}, { mode: 'sequential' });
    const inner = f.deps.call;
    f.deps.call = async (c) => {
      peak = Math.max(peak, ++inflight);
      try { return await inner(c); } finally { inflight--; }
    };
    await runWorkflow(m, { items: [1, 2, 3] }, f.deps);
    expect(peak).toBe(1);
    expect(f.calls.map((c) => c.callKey)).toEqual(['P[0]/A', 'P[1]/B', 'M[0]/C', 'M[1]/C', 'M[2]/C']);
  });

  it('limits: items per Map, calls per execution and characters per answer abort the execution', async () => {
    const m = machine({ StartAt: 'M', States: { M: { Type: 'Map', ItemProcessor: { StartAt: 'T', States: { T: task('f') } }, End: true } } });
    const small = { ...WORKFLOW_LIMITS, maxItems: 2, maxCalls: 3, maxAnswerChars: 10 };
    expect((await aborted(runWorkflow(m, [1, 2, 3], fake({}, { limits: small }).deps))).detail).toContain('3 items (at most 2 per Map)');
    expect((await aborted(runWorkflow(m, [1, 2], fake({ f: () => 'x'.repeat(20) }, { limits: small }).deps))).error).toBe('States.DataLimitExceeded');
    const r = machine({ StartAt: 'T', States: { T: { ...task('f'), Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 10, IntervalSeconds: 0 }] } } });
    const e = await aborted(runWorkflow(r, {}, fake({ f: () => ({ fail: 'FAVE.503' }) }, { limits: small }).deps));
    expect(e.detail).toContain('more than 3 calls');
  });

  it('an error of the caller\'s own (a state.json write failing) ends the execution with that error', async () => {
    const m = machine({ StartAt: 'T', States: { T: task('f') } });
    const boom = new Error('storage down');
    await expect(runWorkflow(m, {}, fake({}, { call: async () => { throw boom; } }).deps)).rejects.toBe(boom);
  });
});
