// Reading a scenario file: its size and JSON syntax (sim/input), its shape where no schema
// looks (depth, non-finite numbers), then the schema (every problem, by JSON path), then
// what the schema cannot say (ascending traces, variant overrides that must still give a
// valid scenario, a workflow's graph). A workflow file the scenario names is read here too,
// into `workflow.definition`, so that what runs (variants, sweep shards, the result's echo
// of the scenario) carries the machine it ran. Raw -> validated; resolve.ts turns it into
// the live config.
import { dirname, resolve as resolvePath } from 'node:path';
import { checkValue } from '../input/check-value.ts';
import { readJsonFile } from '../input/read-json.ts';
import { type ConfigIssue, ConfigError } from './errors.ts';
import { validateAgainst } from './schema-validator.ts';
import { SCENARIO_FORMAT, type Scenario } from './types.ts';
import { wrongKind } from '../input/format-check.ts';
import { loadWorkflowFile, workflowIssues } from '../workflow/parse.ts';

/** Nodes a scenario may ask for, all `count`s together: each is simulated, and no cluster
 * this models comes near (docs/input-limits.md). */
export const MAX_NODES = 10_000;

export function loadScenarioFile(path: string): Scenario {
  const read = readJsonFile(path, 'scenario');
  if ('issue' in read) throw new ConfigError(path, [read.issue]);
  const s = parseScenario(read.value, path);
  const file = s.workflow?.file;
  if (file === undefined) return s;
  // Its problems are the workflow file's, by path in that file.
  const definition = loadWorkflowFile(resolvePath(dirname(path), file));
  return { ...s, workflow: { ...s.workflow, definition } };
}

/** Validated JSON in any form: checked for depth and non-finite numbers before the schema
 * sees it, so no value (from a file or a caller) can overflow the validator's stack. */
export function validateJson(schema: string, json: unknown, source: string, kind: { format: string; what: string }): void {
  const checked = checkValue(json);
  if (!checked.safe) throw new ConfigError(source, checked.issues);
  const wrong = wrongKind(json, kind.format, kind.what);
  if (wrong) throw new ConfigError(source, [wrong]);
  const issues = validateAgainst(schema, json);
  // A non-finite number also fails its schema range: keep the clearer of the two messages.
  const nonFinite = new Set(checked.issues.map((i) => i.path).filter((p) => p !== '$')); // '$': the count past the first thousand
  const all = [...checked.issues, ...issues.filter((i) => !nonFinite.has(i.path))];
  if (all.length) throw new ConfigError(source, all);
}

export function parseScenario(json: unknown, source: string): Scenario {
  validateJson('scenario.schema.json', json, source, { format: SCENARIO_FORMAT, what: 'scenario' });
  const s = json as Scenario;
  const more: ConfigIssue[] = [];
  const nodes = (s.platform?.nodes ?? []).reduce((n, node) => n + (node.count ?? 1), 0);
  if (nodes > MAX_NODES) more.push({ path: '$.platform.nodes', message: `at most ${MAX_NODES} nodes in all (counts added up)`, value: nodes });
  if (s.workload.executor === 'trace') {
    const a = s.workload.arrivals;
    for (let i = 1; i < a.length; i++) {
      if (a[i]! < a[i - 1]!) {
        more.push({ path: `$.workload.arrivals[${i}]`, message: `arrival times must be ascending (previous ${a[i - 1]})`, value: a[i] });
        break;
      }
    }
  }
  const names = new Set<string>();
  (s.compare ?? []).forEach((v, i) => {
    if (names.has(v.name)) more.push({ path: `$.compare[${i}].name`, message: 'variant names must be unique', value: v.name });
    names.add(v.name);
  });
  // An inline workflow's graph (a file's is checked when it is read: loadScenarioFile).
  if (s.workflow?.definition !== undefined && s.workflow.file === undefined) more.push(...workflowIssues(s.workflow.definition, '$.workflow.definition'));
  if (more.length) throw new ConfigError(source, more);
  return s;
}

/** The scenario's profile path, resolved against the scenario file's folder. */
export function profilePathOf(s: Scenario, scenarioPath: string, fallback: string): string | null {
  if (s.profile) return resolvePath(dirname(scenarioPath), s.profile);
  if (s.workload.executor === 'azure-trace') return null; // the trace brings its functions
  // A workflow's functions are its own: the default profile measured VideoSearcher's.
  return (s.target === undefined && !s.workflow) || s.target === 'pipeline' ? fallback : null;
}

export interface Variant {
  name: string;
  scenario: Scenario;
  overrides: Record<string, unknown>;
}

/** The base scenario plus each `compare` entry applied to a copy (JSON-pointer sets). */
export function variantsOf(s: Scenario, source: string): Variant[] {
  const base: Variant = { name: 'base', scenario: s, overrides: {} };
  if (!s.compare?.length) return [base];
  return s.compare.map((v, i) => {
    const copy = structuredClone({ ...s, compare: undefined }) as Record<string, unknown>;
    delete copy.compare;
    for (const [pointer, value] of Object.entries(v.set)) {
      const err = setPointer(copy, pointer, value);
      if (err) throw new ConfigError(source, [{ path: `$.compare[${i}].set[${JSON.stringify(pointer)}]`, message: err }]);
    }
    // A long pointer can nest the copy deeper than the file was: checked again.
    const checked = checkValue(copy);
    const issues = checked.safe ? [...checked.issues, ...validateAgainst('scenario.schema.json', copy)] : checked.issues;
    if (issues.length) {
      throw new ConfigError(source, issues.map((x) => ({ ...x, message: `${x.message} (in variant '${v.name}')` })));
    }
    return { name: v.name, scenario: copy as unknown as Scenario, overrides: v.set };
  });
}

/** The scenario with JSON-pointer sets applied to a copy, by the rules of `compare` variants,
 * then validated again; its own variants are kept. A bad pointer is reported at `$`, naming it. */
export function applySets(s: Scenario, set: Record<string, unknown>, source: string): Scenario {
  const copy = structuredClone(s) as unknown as Record<string, unknown>;
  for (const [pointer, value] of Object.entries(set)) {
    const err = setPointer(copy, pointer, value);
    if (err) throw new ConfigError(source, [{ path: '$', message: `cannot set ${pointer}: ${err}` }]);
  }
  return parseScenario(copy, source);
}

function setPointer(target: Record<string, unknown>, pointer: string, value: unknown): string | null {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (!parts.length) return 'the pointer must name a field';
  // No scenario field has these names, and setting them would reach Object.prototype.
  const bad = parts.find((p) => p === '__proto__' || p === 'constructor' || p === 'prototype');
  if (bad !== undefined) return `'${bad}' is not a scenario field`;
  // The file is read once, with the scenario; a variant naming another would run the first.
  if (parts[0] === 'workflow' && (parts.length === 1 || parts[1] === 'file' || parts[1] === 'definition')) return 'a variant cannot change the workflow itself: compare workflows in scenarios of their own';
  let cur: Record<string, unknown> = target;
  for (const part of parts.slice(0, -1)) {
    const next = Object.hasOwn(cur, part) ? cur[part] : undefined;
    if (next === undefined) cur[part] = {};
    else if (next === null || typeof next !== 'object') return `'${part}' is not an object`;
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]!] = structuredClone(value);
  return null;
}
