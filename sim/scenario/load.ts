// Reading a scenario file: JSON syntax, then the schema (every problem, by JSON path),
// then what the schema cannot say (ascending traces, variant overrides that must still
// give a valid scenario). Raw -> validated; resolve.ts turns it into the live config.
import { readFileSync } from 'node:fs';
import { dirname, resolve as resolvePath } from 'node:path';
import { type ConfigIssue, ConfigError } from './errors.ts';
import { validateAgainst } from './schema-validator.ts';
import type { Scenario } from './types.ts';

export function loadScenarioFile(path: string): Scenario {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(path, [{ path: '$', message: `cannot read the scenario file: ${(e as Error).message}` }]);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(path, [{ path: '$', message: `not valid JSON: ${(e as Error).message}` }]);
  }
  return parseScenario(json, path);
}

export function parseScenario(json: unknown, source: string): Scenario {
  const issues = validateAgainst('scenario.schema.json', json);
  if (issues.length) throw new ConfigError(source, issues);
  const s = json as Scenario;
  const more: ConfigIssue[] = [];
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
  if (more.length) throw new ConfigError(source, more);
  return s;
}

/** The scenario's profile path, resolved against the scenario file's folder. */
export function profilePathOf(s: Scenario, scenarioPath: string, fallback: string): string | null {
  if (s.profile) return resolvePath(dirname(scenarioPath), s.profile);
  if (s.workload.executor === 'azure-trace') return null; // the trace brings its functions
  return s.target === undefined || s.target === 'pipeline' ? fallback : null;
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
    const issues = validateAgainst('scenario.schema.json', copy);
    if (issues.length) {
      throw new ConfigError(source, issues.map((x) => ({ ...x, message: `${x.message} (in variant '${v.name}')` })));
    }
    return { name: v.name, scenario: copy as unknown as Scenario, overrides: v.set };
  });
}

function setPointer(target: Record<string, unknown>, pointer: string, value: unknown): string | null {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (!parts.length) return 'the pointer must name a field';
  let cur: Record<string, unknown> = target;
  for (const part of parts.slice(0, -1)) {
    const next = cur[part];
    if (next === undefined) cur[part] = {};
    else if (next === null || typeof next !== 'object') return `'${part}' is not an object`;
    cur = cur[part] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]!] = structuredClone(value);
  return null;
}
