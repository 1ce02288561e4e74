// Fuzzing the scenario, sweep and profile loaders: whatever the input — a shipped file with
// values replaced by hostile ones, its text mangled, arbitrary JSON, nesting of any depth —
// loading ends in a value or in a ConfigError / ProfileError whose every issue names a JSON
// path, with no raw control character in its message. Never a RangeError or TypeError. What
// loads is resolved and sized (the work estimate); a small one is also run, so a value the
// ranges let through cannot crash the model either.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseJsonText } from '../../input/read-json.ts';
import { parseProfile, ProfileError } from '../../profile/load.ts';
import type { CalibrationProfile } from '../../profile/types.ts';
import { runReplication } from '../../run/replication.ts';
import { estimateReplication } from '../../run/work-estimate.ts';
import { ConfigError } from '../../scenario/errors.ts';
import { parseScenario, variantsOf } from '../../scenario/load.ts';
import { resolveScenario } from '../../scenario/resolve.ts';
import type { Scenario } from '../../scenario/types.ts';
import { parseSweep, resolvePoints } from '../../sweep/load.ts';
import { mangled, mutated, nested } from './mutate.ts';

const root = new URL('../../../', import.meta.url);
const text = (path: string) => readFileSync(fileURLToPath(new URL(path, root)), 'utf8');
const SCENARIOS = ['warm-burst', 'race', 'timeouts', 'prewarm', 'cold-burst', 'async/ack-wait', 'async/retries-429'].map((n) => text(`scenarios/${n}.json`));
const PROFILE_TEXT = text('profiles/default.json');
const PROFILE = parseProfile(JSON.parse(PROFILE_TEXT), 'default.json');
const SWEEPS = ['min-replicas', 'timeouts'].map((n) => text(`sweeps/${n}.json`));
const SWEEP_BASE = parseScenario(JSON.parse(text('sweeps/base/burst-pro.json')), 'burst-pro.json');
// Raw control characters other than the newlines between problems.
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
// A run small enough to do inside a property: the model, not just the loader, gets the input.
const RUN_AT_MOST = 20_000;

/** Runs `load`; a typed error must name a path for each problem and quote nothing raw. */
function settles(load: () => void): void {
  try {
    load();
  } catch (e) {
    if (!(e instanceof ConfigError || e instanceof ProfileError)) throw e;
    expect(e.issues.length).toBeGreaterThan(0);
    for (const issue of e.issues) expect(issue.path).toMatch(/^(\$|profile\.)/);
    expect(e.message).not.toMatch(RAW_CONTROL);
  }
}

/** What `npm run sim` does with a scenario before running it, then a small run. */
function loadAndSize(json: unknown, profile: CalibrationProfile | null = PROFILE): void {
  const s = parseScenario(json, 'fuzz.json');
  for (const v of variantsOf(s, 'fuzz.json')) {
    const usesProfile = v.scenario.target === undefined || v.scenario.target === 'pipeline';
    const cfg = resolveScenario(v.scenario, usesProfile ? profile : null, 'fuzz.json');
    const { events } = estimateReplication(cfg);
    expect(events).toBeGreaterThanOrEqual(0); // a number, perhaps Infinity (then refused), never NaN
    if (events <= RUN_AT_MOST) runReplication(cfg, 1);
  }
}

describe('fuzzing the loaders', () => {
  it('a scenario with values replaced, removed or added loads, or fails by JSON path', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SCENARIOS).chain((t) => mutated(JSON.parse(t))), (json) => settles(() => loadAndSize(json))),
      { seed: 18, numRuns: 1000 },
    );
  });

  it('scenario, sweep and profile text cut, spliced or flipped parses to a path-named error or a value', () => {
    const parsed = (t: string): unknown => {
      const read = parseJsonText(t);
      if ('issue' in read) throw new ConfigError('fuzz.json', [read.issue]);
      return read.value;
    };
    fc.assert(fc.property(fc.constantFrom(...SCENARIOS).chain(mangled), (t) => settles(() => loadAndSize(parsed(t)))), { seed: 18, numRuns: 300 });
    fc.assert(fc.property(fc.constantFrom(...SWEEPS).chain(mangled), (t) => settles(() => resolvePoints(SWEEP_BASE, parseSweep(parsed(t), 'fuzz.json'), 'fuzz.json'))), { seed: 18, numRuns: 200 });
    fc.assert(fc.property(mangled(PROFILE_TEXT), (t) => settles(() => parseProfile(parsed(t), 'fuzz.json'))), { seed: 18, numRuns: 200 });
  });

  it('arbitrary JSON, as a scenario, a sweep or a profile, loads or fails by JSON path', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        settles(() => loadAndSize(json));
        settles(() => resolvePoints(SWEEP_BASE, parseSweep(json, 'fuzz.json'), 'fuzz.json'));
        settles(() => parseProfile(json, 'fuzz.json'));
      }),
      { seed: 18, numRuns: 300 },
    );
  });

  it('a profile with values replaced, removed or added loads and resolves, or fails by JSON path', () => {
    const pipeline = parseScenario(JSON.parse(SCENARIOS[0]!), 'warm-burst.json');
    fc.assert(
      fc.property(mutated(JSON.parse(PROFILE_TEXT)), (json) =>
        settles(() => {
          const profile = parseProfile(json, 'fuzz.json');
          loadAndSize(pipeline, profile);
        }),
      ),
      { seed: 18, numRuns: 200 },
    );
  });

  it('a sweep with values replaced, removed or added resolves its points, or fails by JSON path', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SWEEPS).chain((t) => mutated(JSON.parse(t))), (json) =>
        settles(() => {
          const points = resolvePoints(SWEEP_BASE, parseSweep(json, 'fuzz.json'), 'fuzz.json');
          for (const p of points.slice(0, 20)) estimateReplication(resolveScenario(p.scenario as Scenario, PROFILE, 'fuzz.json'));
        }),
      ),
      { seed: 18, numRuns: 200 },
    );
  });

  it('100,000-deep nesting in a scenario, a sweep and a profile fails at the path where it passed 64 levels', () => {
    for (const deep of [nested(100_000), nested(100_000, true)]) {
      const scenario = { ...JSON.parse(SCENARIOS[0]!), description: deep };
      expect(() => parseScenario(scenario, 'deep.json')).toThrow(/\$\.description(\[0\]|\.a){63}: nested too deep: more than 64 levels/);
      expect(() => parseSweep({ ...JSON.parse(SWEEPS[0]!), grid: { '/description': [deep] } }, 'deep.json')).toThrow(/nested too deep/);
      expect(() => parseProfile({ ...JSON.parse(PROFILE_TEXT), measured: { source: 'x', date: '2026-01-01', plan: deep } }, 'deep.json')).toThrow(
        /\$\.measured\.plan(\[0\]|\.a){62}: nested too deep/,
      );
    }
  });
});
