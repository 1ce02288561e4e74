// Reading sweep files: the schema, the checks it cannot make, and point errors reported
// against the sweep file (the grid value or random parameter, the scenario path, the point).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, type ConfigIssue } from '../scenario/errors.ts';
import { loadScenarioFile } from '../scenario/load.ts';
import { loadSweepFile, parseSweep, resolvePoints } from './load.ts';
import type { Sweep } from './types.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const base = loadScenarioFile(join(root, 'scenarios', 'warm-burst.json'));
const sweep = (more: Record<string, unknown>): Sweep => ({ format: 'fave.sweep/v1', name: 't', scenario: 's.json', seeds: 2, ...more }) as Sweep;

function issuesOf(f: () => unknown): ConfigIssue[] {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return e.issues;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('sweep load', () => {
  it('parseSweep accepts a grid and random search and returns the sweep as written', () => {
    const s = sweep({ grid: { '/regime': ['warm', 'cold'] }, random: { samples: 2, seed: 1, params: { '/horizon': { min: 10, max: 60, log: true } } }, objective: { slo: 30 } });
    expect(parseSweep(s, 'x.json')).toBe(s);
  });

  it('parseSweep collects every schema problem by JSON path, unknown keys included', () => {
    const issues = issuesOf(() => parseSweep({ format: 'fave.sweep/v2', name: 't', seeds: 0, grid: { regime: ['warm'], '/a': [] }, extra: 1 }, 'x.json'));
    const paths = issues.map((i) => `${i.path}: ${i.message}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        '$.format: must be "fave.sweep/v1"',
        "$: missing required key 'scenario'",
        '$.seeds: must be >= 1',
        expect.stringMatching(/^\$: unknown key 'extra'/),
        '$.grid["/a"]: must NOT have fewer than 1 items',
      ]),
    );
    expect(paths.some((p) => p.startsWith('$.grid') && p.includes('must match pattern "^/"'))).toBe(true);
  });

  it('parseSweep rejects random ranges the schema cannot check, each at its path', () => {
    const issues = issuesOf(() => parseSweep(sweep({ random: { samples: 1, seed: 0, params: { '/a': { min: 5, max: 1 }, '/b': { min: 0, max: 2, log: true }, '/c': { min: 0.5, max: 2, integer: true } } } }), 'x.json'));
    expect(issues.map((i) => i.path)).toEqual(['$.random.params["/a"].min', '$.random.params["/b"].min', '$.random.params["/c"].min']);
  });

  it('parseSweep rejects a range given both min and choices, and a pointer swept twice or reserved', () => {
    expect(issuesOf(() => parseSweep(sweep({ random: { samples: 1, seed: 0, params: { '/a': { choices: [1], min: 0 } } } }), 'x.json'))[0]!.path).toBe('$.random.params["/a"]');
    const issues = issuesOf(() => parseSweep(sweep({ grid: { '/seed': [1, 2], '/a': [1] }, random: { samples: 1, seed: 0, params: { '/a': { choices: [2] } } } }), 'x.json'));
    expect(issues.map((i) => i.path)).toEqual(['$.grid["/seed"]', '$.random.params["/a"]']);
  });

  it('parseSweep counts the points before making them, and bounds random ranges', () => {
    const values = Array.from({ length: 100 }, (_, i) => i);
    const grid = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`/p${i}`, values]));
    expect(issuesOf(() => parseSweep(sweep({ grid }), 'x.json'))).toEqual([
      { path: '$.grid', message: 'a sweep has at most 100,000 points (grid values multiplied, times random samples)', value: 1e20 },
    ]);
    const wide = issuesOf(() => parseSweep(sweep({ random: { samples: 1, seed: 0, params: { '/horizon': { min: 1, max: 1e999 } } } }), 'x.json'));
    expect(wide.map((i) => `${i.path}: ${i.message}`)).toEqual(['$.random.params["/horizon"].max: must be a finite number, got Infinity (a number beyond ±1.8e308 reads as Infinity)']);
  });

  it('resolvePoints applies each point to a copy of the base scenario', () => {
    const points = resolvePoints(base, sweep({ grid: { '/workload/count': [1, 3], '/platform/defaults/scaling/min': [2] } }), 'x.json');
    expect(points.map((p) => p.scenario.workload)).toEqual([
      { executor: 'burst', count: 1 },
      { executor: 'burst', count: 3 },
    ]);
    expect(points[1]!.scenario.platform?.defaults?.scaling).toEqual({ mode: 'alert', min: 2, max: 5 });
    expect(base.workload).toEqual({ executor: 'burst', count: 5 });
  });

  it('resolvePoints reports a bad pointer at the grid pointer, naming the point', () => {
    const issues = issuesOf(() => resolvePoints(base, sweep({ grid: { '/workload/count/x': [1] } }), 'x.json'));
    expect(issues).toEqual([{ path: '$.grid["/workload/count/x"]', message: "bad pointer /workload/count/x: 'count' is not an object, in point 0 (/workload/count/x=1)" }]);
  });

  it('resolvePoints reports a bad value once, at the grid value, with the scenario path and the first point', () => {
    const issues = issuesOf(() => resolvePoints(base, sweep({ grid: { '/regime': ['warm', 'cold'], '/workload/count': [2, -1] } }), 'x.json'));
    expect(issues).toEqual([{ path: '$.grid["/workload/count"][1]', message: '$.workload.count: must be >= 1, in point 1 (/regime="warm", /workload/count=-1)', value: -1 }]);
  });

  it('resolvePoints reports a bad random value at the random parameter', () => {
    const issues = issuesOf(() => resolvePoints(base, sweep({ random: { samples: 1, seed: 0, params: { '/regime': { choices: ['tepid'] } } } }), 'x.json'));
    expect(issues[0]!.path).toBe('$.random.params["/regime"]');
    expect(issues[0]!.message).toContain('$.regime: must be one of "warm", "unprimed", "cold"');
  });

  it('loadSweepFile resolves the scenario against the sweep file and rejects one with compare variants', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fave-sweep-load-'));
    const file = join(dir, 'sw.json');
    writeFileSync(file, JSON.stringify(sweep({ scenario: join(root, 'scenarios', 'timeouts.json') })));
    const issues = issuesOf(() => loadSweepFile(file));
    expect(issues[0]!.path).toBe('$.scenario');
    expect(issues[0]!.message).toContain("has 'compare' variants");
    writeFileSync(join(dir, 's.json'), JSON.stringify(base));
    writeFileSync(file, JSON.stringify(sweep({ grid: { '/regime': ['cold'] } })));
    expect(loadSweepFile(file).points[0]!.scenario.regime).toBe('cold');
  });

  it('loadSweepFile reports a file that is not JSON at $', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'fave-sweep-load-')), 'broken.json');
    writeFileSync(file, '{ "format": ');
    expect(issuesOf(() => loadSweepFile(file))[0]!.message).toMatch(/^not valid JSON/);
  });
});
