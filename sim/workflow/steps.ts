// What a pre-warm rule (sim/policy/dag-prewarm.ts) and the pre-warm optimizer
// (sim/optimize/) ask of a resolved workflow: which function a step name stands for, whether
// one function's calls come before another's, and how many calls to a function one
// execution makes at once (its fan-out), which is how many instances a pre-warm loads.
// Functions are SimConfig indices: the orchestrator, then the plan's functions in plan order.
import type { WorkflowConfig } from '../model/config.ts';
import { MAP, TASK } from './plan.ts';

/** The word a rule uses for the workflow's start (the call to the orchestrator). */
export const START = 'start';

/** The function `name` stands for: a Task state's name (its Resource) or a function's own
 * name; -1 when neither. A name that is a Task of one function and the name of another is
 * ambiguous: an Error says so. */
export function functionOfStep(wf: WorkflowConfig | null, names: readonly string[], name: string): number {
  const own = names.indexOf(name);
  if (!wf) return own;
  const state = wf.plan.names.indexOf(name);
  const viaState = state >= 0 && wf.plan.kind[state] === TASK ? wf.fn[state]! : -1;
  if (viaState >= 0 && own >= 0 && viaState !== own) {
    throw new Error(`'${name}' is both a Task calling '${names[viaState]}' and the function '${name}': name the function instead`);
  }
  return viaState >= 0 ? viaState : own;
}

/** True when a call to `before` can come ahead of a call to `after` in one execution: the
 * orchestrator precedes every function; otherwise `after` is reachable from `before` in the
 * plan's successor graph (a loop through a Map's next item counts). */
export function precedes(wf: WorkflowConfig, before: number, after: number): boolean {
  const o = wf.orchestrator;
  if (before === o) return after !== o;
  if (after === o) return false;
  const seen = new Set<number>();
  const stack = [...wf.plan.successors[before - o - 1]!];
  while (stack.length) {
    const f = stack.pop()!;
    if (f + o + 1 === after) return true;
    if (seen.has(f)) continue;
    seen.add(f);
    stack.push(...wf.plan.successors[f]!);
  }
  return false;
}

/** How many calls to function `fn` one execution makes at once, at most, on average inputs:
 * per Task calling it, the product over the Maps around the Task of the Map's mean count
 * rounded up, capped by its MaxConcurrency; the largest over its Tasks. A workflow run in
 * `sequential` mode calls one at a time: 1. At least 1. */
export function fanOut(wf: WorkflowConfig | null, fn: number): number {
  if (!wf || wf.mode === 'sequential') return 1;
  const p = wf.plan;
  // The Map each state is an item of (-1: none): a Map's item states are those reachable
  // from its child without leaving the scope, which compile.ts numbers right after it.
  const parentMap = new Int32Array(p.kind.length).fill(-1);
  const mark = (start: number, owner: number) => {
    const stack = [start];
    const seen = new Set<number>();
    while (stack.length) {
      const s = stack.pop()!;
      if (s < 0 || seen.has(s)) continue;
      seen.add(s);
      if (parentMap[s] === -1) parentMap[s] = owner;
      if (p.next[s]! >= 0) stack.push(p.next[s]!);
      for (let c = p.catchFrom[s]!; c < p.catchTo[s]!; c++) stack.push(p.catchNext[c]!);
      // States inside a Parallel's branches share the Parallel's Map.
      if (p.kind[s] !== MAP) for (let c = p.childFrom[s]!; c < p.childTo[s]!; c++) stack.push(p.children[c]!);
    }
  };
  // Inner Maps first (higher ids are nested deeper or later), so each state keeps its nearest.
  for (let s = p.kind.length - 1; s >= 0; s--) if (p.kind[s] === MAP) mark(p.children[p.childFrom[s]!]!, s);
  let most = 1;
  for (let s = 0; s < p.kind.length; s++) {
    if (p.kind[s] !== TASK || wf.fn[s] !== fn) continue;
    let n = 1;
    for (let m = parentMap[s]!; m >= 0; m = parentMap[m]!) {
      const info = p.maps[p.map[m]!]!;
      const mean = Math.max(1, Math.ceil(wf.counts[p.map[m]!]!.mean() - 1e-9));
      n *= info.concurrency > 0 ? Math.min(info.concurrency, mean) : mean;
    }
    most = Math.max(most, n);
  }
  return most;
}
