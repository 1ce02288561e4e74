// What the live orchestrator adds to the simulator's checks of a workflow (sim/workflow/
// parse.ts runs first and accepts the subset): data-flow fields it does not interpret,
// paths outside its JSONPath subset, and bounds on the machine's size, so that a request
// cannot make one orchestrator call hold an unbounded plan. Each problem names its JSON path,
// as the simulator's do. Running the functions themselves is bounded at run time
// (interpreter.ts: items per Map, calls per execution, characters per answer).
import { type AslScope, itemScope } from '../../../sim/workflow/asl.ts';
import { childPath } from '../../../sim/workflow/json-path.ts';
import type { ConfigIssue } from '../../../sim/scenario/errors.ts';
import { parseFieldPath } from './json-paths.ts';

export const WORKFLOW_LIMITS = {
  /** States in the whole machine (the schema allows 1000 per States). */
  maxStates: 500,
  /** Branches of one Parallel. */
  maxBranches: 32,
  /** Maps inside Maps: each level multiplies the calls. */
  maxMapDepth: 3,
  /** Items of one Map (the simulator's bound on a Map's mean count). */
  maxItems: 10_000,
  /** Calls of one execution, retries included. */
  maxCalls: 20_000,
  /** Characters of one Task's answer kept as data (Step Functions' payload limit is 256 KiB). */
  maxAnswerChars: 256 * 1024,
} as const;

/** Accepted by the simulator (which ignores data), but not interpreted live: refused, since
 * running without them would send functions other data than the workflow says. */
const NOT_INTERPRETED = ['Parameters', 'ResultSelector', 'ItemSelector', 'Arguments', 'Output', 'Assign'] as const;
const PATHS = ['InputPath', 'OutputPath', 'ResultPath', 'ItemsPath'] as const;

export function liveIssues(machine: AslScope, root = '$'): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const scopes: { scope: AslScope; path: string; mapDepth: number }[] = [{ scope: machine, path: root, mapDepth: 0 }];
  let states = 0;
  for (let i = 0; i < scopes.length; i++) {
    const { scope, path, mapDepth } = scopes[i]!;
    for (const [name, state] of Object.entries(scope.States)) {
      const at = childPath(childPath(path, 'States'), name);
      if (++states === WORKFLOW_LIMITS.maxStates + 1) issues.push({ path: at, message: `more than ${WORKFLOW_LIMITS.maxStates} states in the machine: the live orchestrator runs at most that many` });
      const fields = state as unknown as Record<string, unknown>;
      for (const key of NOT_INTERPRETED) {
        if (fields[key] !== undefined) issues.push({ path: childPath(at, key), message: `not interpreted live: the orchestrator moves data with InputPath, ResultPath, OutputPath and ItemsPath only (docs/workflows.md)` });
      }
      for (const key of PATHS) checkPath(fields[key], childPath(at, key), issues);
      if (state.Type === 'Task') {
        (state.Catch ?? []).forEach((c, k) => {
          const cat = `${childPath(at, 'Catch')}[${k}]`;
          checkPath(c.ResultPath, `${cat}.ResultPath`, issues);
          for (const key of ['Output', 'Assign']) {
            if ((c as unknown as Record<string, unknown>)[key] !== undefined) issues.push({ path: `${cat}.${key}`, message: 'not interpreted live' });
          }
        });
      }
      if (state.Type === 'Parallel') {
        if (state.Branches.length > WORKFLOW_LIMITS.maxBranches) issues.push({ path: childPath(at, 'Branches'), message: `${state.Branches.length} branches: at most ${WORKFLOW_LIMITS.maxBranches} live` });
        state.Branches.forEach((b, k) => scopes.push({ scope: b, path: `${childPath(at, 'Branches')}[${k}]`, mapDepth }));
      }
      if (state.Type === 'Map') {
        const items = itemScope(state)!;
        if (mapDepth + 1 > WORKFLOW_LIMITS.maxMapDepth) issues.push({ path: at, message: `a Map nested ${mapDepth + 1} deep: at most ${WORKFLOW_LIMITS.maxMapDepth} live (each level multiplies the calls)` });
        else scopes.push({ scope: items.scope, path: childPath(at, items.key), mapDepth: mapDepth + 1 });
      }
    }
  }
  return issues;
}

function checkPath(value: unknown, path: string, issues: ConfigIssue[]): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string' || parseFieldPath(value) === null) {
    issues.push({ path, message: "the live orchestrator supports the paths '$' and '$.field' (fields by name, dot-separated: '$.a.b'), or null", value });
  }
}
