// Reading a sweep file: JSON, the sweep schema (every problem by JSON path), what the schema
// cannot say (ranges, overlapping pointers), then the base scenario and every point applied
// to it. All problems are collected and thrown together as one ConfigError.
import { dirname, resolve as resolvePath } from 'node:path';
import { readJsonFile } from '../input/read-json.ts';
import { type ConfigIssue, ConfigError } from '../scenario/errors.ts';
import { loadScenarioFile, validateJson } from '../scenario/load.ts';
import type { Scenario } from '../scenario/types.ts';
import { applyPoint, dedupeIssues } from './apply-point.ts';
import { MAX_POINTS, pointCount, pointsOf } from './points.ts';
import { type ResolvedPoint, type Sweep, SWEEP_FORMAT } from './types.ts';

export interface LoadedSweep {
  sweep: Sweep;
  scenarioPath: string;
  base: Scenario;
  points: ResolvedPoint[];
}

// The seeds are the sweep's (common random numbers across points) and the points are its
// variants, so these cannot be swept.
const RESERVED = ['/seed', '/replications', '/compare'];

export function loadSweepFile(path: string): LoadedSweep {
  const read = readJsonFile(path, 'sweep');
  if ('issue' in read) throw new ConfigError(path, [read.issue]);
  const sweep = parseSweep(read.value, path);
  const scenarioPath = resolvePath(dirname(path), sweep.scenario);
  const base = loadScenarioFile(scenarioPath);
  if (base.compare?.length) {
    throw new ConfigError(path, [
      { path: '$.scenario', message: `the scenario ${scenarioPath} has 'compare' variants: a sweep's points are its variants, so use a scenario without 'compare'`, value: sweep.scenario },
    ]);
  }
  return { sweep, scenarioPath, base, points: resolvePoints(base, sweep, path) };
}

export function parseSweep(json: unknown, source: string): Sweep {
  validateJson('sweep.schema.json', json, source, { format: SWEEP_FORMAT, what: 'sweep' });
  const sweep = json as Sweep;
  const more: ConfigIssue[] = [];
  // Counted before any point is made: a grid of ten pointers with a hundred values each
  // would be 10^20 points, built in memory by gridProduct.
  const count = pointCount(sweep);
  if (count > MAX_POINTS) {
    more.push({ path: sweep.grid ? '$.grid' : '$.random.samples', message: `a sweep has at most ${MAX_POINTS.toLocaleString('en')} points (grid values multiplied, times random samples)`, value: count });
  }
  const pointers = new Set([...Object.keys(sweep.grid ?? {}), ...Object.keys(sweep.random?.params ?? {})]);
  for (const pointer of pointers) {
    const at = sweep.grid?.[pointer] ? `$.grid[${JSON.stringify(pointer)}]` : `$.random.params[${JSON.stringify(pointer)}]`;
    if (RESERVED.some((r) => pointer === r || pointer.startsWith(r + '/'))) {
      more.push({ path: at, message: `${pointer} cannot be swept: the sweep's 'seeds' give every point the same seeds, and its points are the variants` });
    }
    if (sweep.grid?.[pointer] && sweep.random?.params[pointer]) {
      more.push({ path: `$.random.params[${JSON.stringify(pointer)}]`, message: `${pointer} is also in the grid: give each pointer one source of values` });
    }
  }
  for (const [pointer, p] of Object.entries(sweep.random?.params ?? {})) {
    if ('choices' in p) continue;
    const at = `$.random.params[${JSON.stringify(pointer)}]`;
    if (p.min > p.max) more.push({ path: `${at}.min`, message: `must be ≤ max (${p.max})`, value: p.min });
    if (p.log && p.min <= 0) more.push({ path: `${at}.min`, message: 'must be > 0 on a log scale', value: p.min });
    if (p.integer && !Number.isInteger(p.min)) more.push({ path: `${at}.min`, message: 'must be an integer when integer is set', value: p.min });
    if (p.integer && !Number.isInteger(p.max)) more.push({ path: `${at}.max`, message: 'must be an integer when integer is set', value: p.max });
  }
  if (more.length) throw new ConfigError(source, more);
  return sweep;
}

/** Every point applied to the base scenario and validated; problems of all points together. */
export function resolvePoints(base: Scenario, sweep: Sweep, source: string): ResolvedPoint[] {
  const issues: ConfigIssue[] = [];
  const points: ResolvedPoint[] = [];
  for (const point of pointsOf(sweep)) {
    try {
      points.push({ ...point, scenario: applyPoint(base, sweep, point, source) });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      issues.push(...e.issues);
    }
  }
  if (issues.length) throw new ConfigError(source, dedupeIssues(issues));
  return points;
}
