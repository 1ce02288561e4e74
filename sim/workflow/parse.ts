// Reading a workflow: its size and JSON syntax (sim/input), its depth and numbers, the
// subset's schema (schemas/workflow.schema.json), then the graph (check-graph.ts). Every
// problem is reported together, each by JSON path, in a ConfigError naming the source:
// the workflow file, or the scenario when the workflow is inline (paths then start at
// `$.workflow.definition`).
import { checkValue } from '../input/check-value.ts';
import { readJsonFile } from '../input/read-json.ts';
import { ConfigError, type ConfigIssue } from '../scenario/errors.ts';
import { validateAgainst } from '../scenario/schema-validator.ts';
import type { AslMachine } from './asl.ts';
import { checkGraph } from './check-graph.ts';

export function loadWorkflowFile(path: string): AslMachine {
  const read = readJsonFile(path, 'workflow');
  if ('issue' in read) throw new ConfigError(path, [read.issue]);
  return parseWorkflow(read.value, path);
}

/** The workflow, checked; `root` is where it sits in its source (`$` for a file). */
export function parseWorkflow(json: unknown, source: string, root = '$'): AslMachine {
  const issues = workflowIssues(json, root);
  if (issues.length) throw new ConfigError(source, issues);
  return json as AslMachine;
}

/** Every problem with a workflow, by path under `root`; none when it is good. */
export function workflowIssues(json: unknown, root = '$'): ConfigIssue[] {
  const at = (i: ConfigIssue) => (root === '$' ? i : { ...i, path: root + i.path.slice(1) });
  const checked = checkValue(json);
  if (!checked.safe) return checked.issues.map(at);
  const nonFinite = new Set(checked.issues.map((i) => i.path));
  const schema = validateAgainst('workflow.schema.json', json).filter((i) => !nonFinite.has(i.path));
  const found = [...checked.issues, ...schema];
  // The graph is walked only once the shapes are right: it relies on them.
  return (found.length ? found : checkGraph(json as AslMachine)).map(at);
}
