// A point = the base scenario with its overrides applied, by the same rules as a scenario's
// `compare` variants (variantsOf: JSON-pointer sets on a copy, then the scenario schema
// again). Problems are reported against the sweep file: the grid value or random
// parameter that caused them, the scenario path, and the point.
import { type ConfigIssue, ConfigError, pointerToPath } from '../scenario/errors.ts';
import { variantsOf } from '../scenario/load.ts';
import type { Scenario } from '../scenario/types.ts';
import { pointLabel } from './points.ts';
import type { Point, Sweep } from './types.ts';

const VARIANT = 'sweep point';

/** The sweep file's path of `pointer`, down to the grid value when one is given. */
export function sweepPathOf(sweep: Sweep, pointer: string, value?: unknown): string {
  const key = JSON.stringify(pointer);
  const values = sweep.grid?.[pointer];
  if (values) {
    if (value === undefined) return `$.grid[${key}]`;
    const at = values.findIndex((v) => JSON.stringify(v) === JSON.stringify(value));
    return `$.grid[${key}]${at >= 0 ? `[${at}]` : ''}`;
  }
  if (sweep.random?.params[pointer]) return `$.random.params[${key}]`;
  return '$';
}

// The override an issue in the applied scenario comes from: the longest pointer whose
// path contains the issue's path or lies inside it.
function culprit(point: Point, scenarioPath: string): string | null {
  let best: string | null = null;
  for (const pointer of Object.keys(point.overrides)) {
    const p = pointerToPath(pointer);
    const related = scenarioPath === p || scenarioPath.startsWith(p + '.') || scenarioPath.startsWith(p + '[') || p.startsWith(scenarioPath + '.') || p.startsWith(scenarioPath + '[') || scenarioPath === '$';
    if (related && (!best || pointer.length > best.length)) best = pointer;
  }
  return best;
}

/** Scenario issues (paths in the scenario) re-told as sweep issues naming the point. */
export function pointIssues(sweep: Sweep, point: Point, issues: ConfigIssue[]): ConfigIssue[] {
  const where = `point ${point.index} (${pointLabel(point)})`;
  return issues.map((issue) => {
    const setAt = /^\$\.compare\[0\]\.set\[(".*")\]$/.exec(issue.path);
    if (setAt) {
      const pointer = JSON.parse(setAt[1]!) as string;
      return { path: sweepPathOf(sweep, pointer), message: `bad pointer ${pointer}: ${issue.message}, in ${where}` };
    }
    const message = issue.message.replace(` (in variant '${VARIANT}')`, '');
    const pointer = culprit(point, issue.path);
    if (!pointer) return { path: issue.path, message: `${message}, in ${where} (scenario path)`, value: issue.value };
    return { path: sweepPathOf(sweep, pointer, point.overrides[pointer]), message: `${issue.path}: ${message}, in ${where}`, value: issue.value };
  });
}

/** The point's scenario, validated; throws a ConfigError against `source` (the sweep file). */
export function applyPoint(base: Scenario, sweep: Sweep, point: Point, source: string): Scenario {
  const withVariant: Scenario = { ...base, compare: [{ name: VARIANT, set: point.overrides }] };
  try {
    return variantsOf(withVariant, source)[0]!.scenario;
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(source, pointIssues(sweep, point, e.issues));
    throw e;
  }
}

/** Same-problem issues from many points (a bad grid value is in all of them) kept once. */
export function dedupeIssues(issues: ConfigIssue[]): ConfigIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = i.path + '\u0000' + i.message.replace(/, in point \d+ \(.*$/, '');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
