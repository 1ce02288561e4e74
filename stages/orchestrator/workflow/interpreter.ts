// The live orchestrator's workflow interpreter: walks an ASL machine the simulator's parser
// and checks accepted (sim/workflow/parse.ts, plus request.ts's live checks) and calls each
// Task's function through `deps.call`, which the orchestrator points at the gateway. The
// rules are the simulator's (sim/model/workflow-runner.ts): a failed call is retried by the
// Task's first matching retrier (IntervalSeconds × BackoffRate^(n−1) later), else caught by
// its first matching catcher, else it aborts the execution; Parallel runs its branches and
// Map its items (up to MaxConcurrency) at once in `parallel` mode, one at a time in
// `sequential`; Succeed ends its branch, item or the execution; Fail aborts it. After an
// abort no new call starts, and calls in flight are awaited, as the pipeline does.
// What differs is data: live, states pass real JSON (data-flow.ts), so a Map's items are the
// array at its ItemsPath, not a count the simulator draws.
import { type AslMap, type AslParallel, type AslScope, type AslState, type AslTask, itemScope } from '../../../sim/workflow/asl.ts';
import { RETRY_DEFAULTS } from '../../../sim/workflow/compile.ts';
import { effectiveInput, itemsOf, stateOutput } from './data-flow.ts';
import { errorMatches, type TaskFailure } from './error-names.ts';

/** One Task's call, as the interpreter asks for it. */
export interface TaskCall {
  fn: string;
  /** Unique per Task run in the execution: `Resize`, `Tiles[2]/ClassifyTile`. */
  callKey: string;
  state: string;
  body: unknown;
  timeoutMs: number;
}

export interface InterpreterLimits {
  /** Items one Map may have. */
  maxItems: number;
  /** Calls one execution may make, retries included (nested Maps multiply). */
  maxCalls: number;
  /** Characters of one Task's answer the execution keeps. */
  maxAnswerChars: number;
}

export interface InterpreterDeps {
  /** The call's answer, or a TaskCallError; anything else thrown ends the execution with it. */
  call(c: TaskCall): Promise<{ output: unknown; chars: number }>;
  sleep(ms: number): Promise<void>;
  /** A Task's timeout without TimeoutSeconds. */
  defaultTimeoutMs: number;
  mode: 'parallel' | 'sequential';
  limits: InterpreterLimits;
}

export class TaskCallError extends Error {
  constructor(readonly failure: TaskFailure) {
    super(failure.message);
    this.name = 'TaskCallError';
  }
}

/**
 * Why an execution ended without an output. `key` is what the result counts under aborts,
 * as the simulator does: `<function> <outcome>` for an uncaught call failure (`classify
 * 429`), `<state> <Error>` for a Fail state or a run-time error (`Tiles States.Runtime`).
 */
export class WorkflowAbort extends Error {
  constructor(
    readonly kind: 'task' | 'fail' | 'runtime',
    readonly state: string,
    readonly key: string,
    readonly error: string,
    readonly detail: string,
    readonly failure?: TaskFailure & { fn: string; callKey: string },
  ) {
    super(`${state}: ${error}${detail ? `: ${detail}` : ''}`);
    this.name = 'WorkflowAbort';
  }
}

type Step = { output: unknown; next: string | undefined };

export async function runWorkflow(machine: AslScope, input: unknown, deps: InterpreterDeps): Promise<unknown> {
  const run = new Execution(deps);
  try {
    return await run.scope(machine, input, '');
  } catch (error) {
    throw run.halt ?? error;
  }
}

class Execution {
  /** What ended the execution: the first abort, or an error of the caller's (a state.json
   * write that failed), which ends it the same way and is rethrown as it is. */
  halt: unknown;
  private calls = 0;

  constructor(private readonly deps: InterpreterDeps) {}

  /** The first abort wins; every later failure rethrows it, so the execution ends with it. */
  private abort(a: unknown): never {
    this.halt ??= a;
    throw this.halt;
  }

  private runtime(state: string, error: string, cause: string): never {
    return this.abort(new WorkflowAbort('runtime', state, `${state} ${error}`, error, cause));
  }

  async scope(scope: AslScope, input: unknown, prefix: string): Promise<unknown> {
    let name = scope.StartAt;
    let data = input;
    for (;;) {
      if (this.halt !== undefined) throw this.halt;
      const step = await this.state(name, scope.States[name]!, data, prefix);
      if (step.next === undefined) return step.output;
      name = step.next;
      data = step.output;
    }
  }

  private async state(name: string, s: AslState, input: unknown, prefix: string): Promise<Step> {
    if (s.Type === 'Fail') {
      const error = s.Error ?? 'Fail';
      return this.abort(new WorkflowAbort('fail', name, `${name} ${error}`, error, s.Cause ?? ''));
    }
    const given = this.flow(name, () => effectiveInput(s, input));
    if (s.Type === 'Succeed') return { output: this.flow(name, () => stateOutput(s, input, given)), next: undefined };
    if (s.Type === 'Task') return this.task(name, s, input, given, prefix);
    const result = s.Type === 'Parallel' ? await this.parallel(name, s, given, prefix) : await this.map(name, s, given, prefix);
    return { output: this.flow(name, () => stateOutput(s, input, result)), next: s.Next };
  }

  /** A data-flow step; its failure (a path that selects nothing) is a run-time error. */
  private flow<T>(name: string, f: () => T): T {
    try {
      return f();
    } catch (error) {
      return this.runtime(name, 'States.Runtime', (error as Error).message);
    }
  }

  private async task(name: string, s: AslTask, input: unknown, body: unknown, prefix: string): Promise<Step> {
    const callKey = `${prefix}${name}`;
    const retriers = s.Retry ?? [];
    const tries = retriers.map(() => 0);
    const timeoutMs = s.TimeoutSeconds !== undefined ? s.TimeoutSeconds * 1000 : this.deps.defaultTimeoutMs;
    for (;;) {
      if (this.halt !== undefined) throw this.halt;
      if (++this.calls > this.deps.limits.maxCalls) this.runtime(name, 'States.Runtime', `more than ${this.deps.limits.maxCalls} calls in one execution`);
      let failure: TaskFailure;
      try {
        const answer = await this.deps.call({ fn: s.Resource, callKey, state: name, body, timeoutMs });
        if (answer.chars > this.deps.limits.maxAnswerChars) {
          this.runtime(name, 'States.DataLimitExceeded', `${s.Resource} answered ${answer.chars} characters (at most ${this.deps.limits.maxAnswerChars})`);
        }
        return { output: this.flow(name, () => stateOutput(s, input, answer.output)), next: s.Next };
      } catch (error) {
        if (!(error instanceof TaskCallError)) return this.abort(error);
        failure = error.failure;
      }
      // ASL: the first retrier naming the error decides; an exhausted one hands it to Catch.
      const r = retriers.findIndex((x) => errorMatches(x.ErrorEquals, failure.name));
      if (r >= 0 && tries[r]! < (retriers[r]!.MaxAttempts ?? RETRY_DEFAULTS.maxAttempts)) {
        const n = ++tries[r]!;
        const wait = (retriers[r]!.IntervalSeconds ?? RETRY_DEFAULTS.intervalSeconds) * Math.pow(retriers[r]!.BackoffRate ?? RETRY_DEFAULTS.backoffRate, n - 1);
        if (wait > 0) await this.deps.sleep(wait * 1000);
        continue;
      }
      const c = (s.Catch ?? []).find((x) => errorMatches(x.ErrorEquals, failure.name));
      if (c) {
        const caught = { Error: failure.name, Cause: failure.message };
        return { output: this.flow(name, () => stateOutput({ ResultPath: c.ResultPath }, input, caught)), next: c.Next };
      }
      return this.abort(new WorkflowAbort('task', name, `${s.Resource} ${failure.outcome}`, failure.name, failure.message, { ...failure, fn: s.Resource, callKey }));
    }
  }

  private parallel(name: string, s: AslParallel, given: unknown, prefix: string): Promise<unknown[]> {
    const branches = s.Branches.map((b, k) => () => this.scope(b, given, `${prefix}${name}[${k}]/`));
    return this.all(branches, this.deps.mode === 'sequential' ? 1 : branches.length);
  }

  private map(name: string, s: AslMap, given: unknown, prefix: string): Promise<unknown[]> {
    const items = this.flow(name, () => itemsOf(s, given));
    if (items.length > this.deps.limits.maxItems) this.runtime(name, 'States.Runtime', `${items.length} items (at most ${this.deps.limits.maxItems} per Map)`);
    const scope = itemScope(s)!.scope;
    const runs = items.map((item, i) => () => this.scope(scope, item, `${prefix}${name}[${i}]/`));
    const limit = this.deps.mode === 'sequential' ? 1 : s.MaxConcurrency ? s.MaxConcurrency : runs.length;
    return this.all(runs, limit);
  }

  /** Runs `tasks` `limit` at a time, in order; after a failure none starts, those running end. */
  private async all(tasks: Array<() => Promise<unknown>>, limit: number): Promise<unknown[]> {
    const results: unknown[] = new Array(tasks.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < tasks.length && this.halt === undefined) {
        const i = next++;
        results[i] = await tasks[i]!();
      }
    };
    const settled = await Promise.allSettled(Array.from({ length: Math.min(limit, tasks.length) }, worker));
    const failed = settled.find((x): x is PromiseRejectedResult => x.status === 'rejected');
    if (failed) throw this.halt ?? failed.reason;
    if (this.halt !== undefined) throw this.halt;
    return results;
  }
}
