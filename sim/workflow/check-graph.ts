// What a workflow's schema cannot say, checked over the whole state machine: every state
// name once in the machine (ASL's rule: Catch and the result echo name states), each
// Task/Parallel/Map with exactly one of Next and End, every StartAt, Next and Catch target a
// state of the same States, no state unreachable, no cycle (there is no Choice to leave
// one, so a cycle would never end), error names the simulator raises, and `orchestrator`
// kept for the function that runs the workflow. Each issue names its JSON path.
import type { ConfigIssue } from '../scenario/errors.ts';
import { type AslScope, type AslState, itemScope } from './asl.ts';
import { ERROR_MASKS } from './error-names.ts';
import { childPath } from './json-path.ts';

/** The function that runs the workflow; no Task may call it. */
export const ORCHESTRATOR = 'orchestrator';

export function checkGraph(machine: AslScope, root = '$'): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const scopes: { scope: AslScope; path: string }[] = [{ scope: machine, path: root }];
  // An explicit list rather than recursion: nesting is bounded by the input's depth check,
  // but a loop keeps this check's stack flat whatever it is given.
  for (let i = 0; i < scopes.length; i++) {
    const { scope, path } = scopes[i]!;
    for (const [name, state] of Object.entries(scope.States)) {
      const at = childPath(childPath(path, 'States'), name);
      if (state.Type === 'Parallel') state.Branches.forEach((b, k) => scopes.push({ scope: b, path: `${childPath(at, 'Branches')}[${k}]` }));
      if (state.Type === 'Map') {
        const items = itemScope(state);
        if (!items) issues.push({ path: at, message: "a Map needs the states of its items: 'ItemProcessor' (or the older 'Iterator')" });
        else if (state.Iterator && state.ItemProcessor) issues.push({ path: at, message: "give 'ItemProcessor' or 'Iterator', not both" });
        else scopes.push({ scope: items.scope, path: childPath(at, items.key) });
      }
    }
  }
  // Every name first, so that a transition into another States can say where the state is.
  const seen = new Map<string, string>(); // state name -> its path
  for (const { scope, path } of scopes) {
    for (const name of Object.keys(scope.States)) {
      const at = childPath(childPath(path, 'States'), name);
      if (seen.has(name)) issues.push({ path: at, message: `state name '${name}' is used twice (also at ${seen.get(name)}): names are unique in the whole state machine` });
      else seen.set(name, at);
    }
  }
  for (const { scope, path } of scopes) checkScope(scope, path, issues, seen);
  return issues;
}

function checkScope(scope: AslScope, path: string, issues: ConfigIssue[], seen: Map<string, string>): void {
  const states = scope.States;
  const names = Object.keys(states);
  const statesPath = childPath(path, 'States');
  const has = (n: string) => Object.hasOwn(states, n);
  const elsewhere = (n: string) => (seen.has(n) ? ` ('${n}' is in another States, at ${seen.get(n)}: a transition stays in its own)` : '');
  const listed = () => ` (states here: ${names.slice(0, 20).join(', ')}${names.length > 20 ? ', ...' : ''})`;
  if (!has(scope.StartAt)) issues.push({ path: childPath(path, 'StartAt'), message: `no state '${scope.StartAt}'${listed()}`, value: scope.StartAt });
  // Edges for reachability and cycles: Next, then each Catch's Next.
  const edges = new Map<string, string[]>();
  for (const name of names) {
    const state: AslState = states[name]!;
    const at = childPath(statesPath, name);
    const out: string[] = [];
    if (state.Type === 'Task' || state.Type === 'Parallel' || state.Type === 'Map') {
      if (state.Next === undefined && state.End === undefined) issues.push({ path: at, message: "needs 'Next' (a state) or 'End': true" });
      if (state.Next !== undefined && state.End !== undefined) issues.push({ path: at, message: "has both 'Next' and 'End': give one" });
      if (state.Next !== undefined) {
        if (has(state.Next)) out.push(state.Next);
        else issues.push({ path: childPath(at, 'Next'), message: `no state '${state.Next}' in this States${elsewhere(state.Next)}${listed()}`, value: state.Next });
      }
    }
    if (state.Type === 'Task') {
      if (state.Resource === ORCHESTRATOR) issues.push({ path: childPath(at, 'Resource'), message: `'${ORCHESTRATOR}' is the function that runs the workflow: a Task cannot call it` });
      (state.Retry ?? []).forEach((r, k) => checkErrors(r.ErrorEquals, `${childPath(at, 'Retry')}[${k}]`, k === state.Retry!.length - 1, issues));
      (state.Catch ?? []).forEach((c, k) => {
        const cat = `${childPath(at, 'Catch')}[${k}]`;
        checkErrors(c.ErrorEquals, cat, k === state.Catch!.length - 1, issues);
        if (has(c.Next)) out.push(c.Next);
        else issues.push({ path: `${cat}.Next`, message: `no state '${c.Next}' in this States${elsewhere(c.Next)}${listed()}`, value: c.Next });
      });
    }
    edges.set(name, out);
  }
  if (!has(scope.StartAt)) return; // nothing is reachable from a missing start: said once above
  const order = reachableOrder(scope.StartAt, edges);
  for (const name of names) {
    if (!order.has(name)) issues.push({ path: childPath(statesPath, name), message: `unreachable: no Next or Catch leads here from StartAt '${scope.StartAt}'` });
  }
  const cycle = findCycle(scope.StartAt, edges);
  if (cycle) issues.push({ path: childPath(statesPath, cycle[0]!), message: `a cycle: ${cycle.join(' -> ')}: with no Choice state to leave it, it would never end` });
}

function checkErrors(names: string[], path: string, last: boolean, issues: ConfigIssue[]): void {
  names.forEach((n, i) => {
    if (!ERROR_MASKS.has(n)) issues.push({ path: `${path}.ErrorEquals[${i}]`, message: `the simulator raises no error '${n}' (it raises: ${[...ERROR_MASKS.keys()].join(', ')})`, value: n });
  });
  if (names.includes('States.ALL') && (names.length > 1 || !last)) {
    issues.push({ path: `${path}.ErrorEquals`, message: "'States.ALL' must be alone, in the last retrier or catcher (ASL)" });
  }
}

function reachableOrder(start: string, edges: Map<string, string[]>): Set<string> {
  const seen = new Set([start]);
  const stack = [start];
  while (stack.length) for (const m of edges.get(stack.pop()!) ?? []) if (!seen.has(m)) (seen.add(m), stack.push(m));
  return seen;
}

/** A cycle reachable from `start`, as the names along it (first repeated last), or null. */
function findCycle(start: string, edges: Map<string, string[]>): string[] | null {
  const state = new Map<string, 1 | 2>(); // 1 on the path, 2 done
  const path: string[] = [];
  const iters: number[] = [];
  path.push(start);
  iters.push(0);
  state.set(start, 1);
  while (path.length) {
    const top = path[path.length - 1]!;
    const out = edges.get(top) ?? [];
    const k = iters[iters.length - 1]!;
    if (k === out.length) {
      state.set(top, 2);
      path.pop();
      iters.pop();
      continue;
    }
    iters[iters.length - 1] = k + 1;
    const m = out[k]!;
    if (state.get(m) === 1) return [...path.slice(path.indexOf(m)), m];
    if (state.get(m) === undefined) {
      state.set(m, 1);
      path.push(m);
      iters.push(0);
    }
  }
  return null;
}
