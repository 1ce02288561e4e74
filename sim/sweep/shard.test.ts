// Shards: a self-contained (point, seeds) job that gives the local workers' numbers, and a
// body check that names every bad field by its JSON path in the body.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../profile/load.ts';
import type { CalibrationProfile } from '../profile/types.ts';
import { ConfigError } from '../scenario/errors.ts';
import { loadScenarioFile } from '../scenario/load.ts';
import { runSeed } from './run-seed.ts';
import { parseShard, parseShardResult, runShard, type Shard } from './shard.ts';
import { fromWire, toWire } from './wire.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const scenarioPath = join(root, 'scenarios', 'warm-burst.json');
const scenario = { ...loadScenarioFile(scenarioPath), workload: { executor: 'burst' as const, count: 2 } };
let profile: CalibrationProfile;
let good: Shard;
beforeAll(async () => {
  profile = await loadProfile(join(root, 'profiles', 'default.json'));
  good = { format: 'fave.sweep-shard/v1', id: 'p0.0', point: 0, source: scenarioPath, scenario, profile, seeds: [1, 2] };
});

/** The shard as it travels: through the wire codec and JSON. */
const sent = (s: unknown) => fromWire(JSON.parse(JSON.stringify(toWire(s))));
const issuesOf = (body: unknown): string[] => {
  try {
    parseShard(body);
  } catch (e) {
    if (e instanceof ConfigError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
};
const set = (patch: (s: Record<string, any>) => void) => {
  const copy = structuredClone(good) as unknown as Record<string, any>;
  patch(copy);
  return copy;
};

describe('shard', () => {
  it('runShard on a parsed shard gives, bit for bit after the wire, what runSeed gives for each seed', () => {
    const shard = parseShard(sent(good));
    const result = runShard(shard);
    expect(result.id).toBe('p0.0');
    expect(result.runs.map((r) => r.seed)).toEqual([1, 2]);
    const back = parseShardResult(sent(result), good);
    for (const [i, seed] of [1, 2].entries()) {
      const local = runSeed(scenario, profile, scenarioPath, seed);
      const { seed: _s, ...remote } = back.runs[i]!;
      expect(JSON.stringify(toWire(remote))).toBe(JSON.stringify(toWire(local)));
    }
  });

  it.each([
    ['a non-object', () => [1], '$: a shard must be a JSON object'],
    ['an unknown key', () => set((s) => (s.extra = 1)), "$: unknown key 'extra'"],
    ['a missing key', () => set((s) => delete s.seeds), "$: missing required key 'seeds'"],
    ['a wrong format', () => set((s) => (s.format = 'fave.sweep-shard/v9')), '$.format: must be "fave.sweep-shard/v1"'],
    ['a bad id', () => set((s) => (s.id = 'a b')), '$.id: must be 1-64 characters'],
    ['a negative point', () => set((s) => (s.point = -1)), '$.point: must be an integer >= 0'],
    ['no seeds', () => set((s) => (s.seeds = [])), '$.seeds: must be a non-empty array of integers'],
    ['a fractional seed', () => set((s) => (s.seeds = [1, 1.5])), '$.seeds[1]: must be an integer'],
    ['a bad scenario value', () => set((s) => (s.scenario.workload.count = 0)), '$.scenario.workload.count: must be >= 1'],
    ['compare variants', () => set((s) => (s.scenario.compare = [{ name: 'x', set: { '/regime': 'cold' } }])), '$.scenario.compare: a shard runs one configuration'],
    ['a bad profile', () => set((s) => (s.profile.node.cores = 'eight')), '$.profile.node.cores: '],
    ['no profile for a pipeline', () => set((s) => (s.profile = null)), '$.profile: a pipeline scenario needs a calibration profile'],
    ['a configuration the model rejects', () => set((s) => (s.scenario.platform.defaults.scaling = { mode: 'alert', min: 3, max: 1 })), '$.scenario.platform.defaults.scaling: min (3) is greater than max (1)'],
  ])('parseShard rejects %s naming the field', (_what, body, expected) => {
    const issues = issuesOf(body());
    expect(issues.some((i) => i.startsWith(expected))).toBe(true);
  });

  it('parseShard collects every problem of a body at once', () => {
    const issues = issuesOf(set((s) => {
      s.id = '';
      s.seeds = ['1'];
      s.scenario.horizon = -5;
    }));
    expect(issues.map((i) => i.split(':')[0])).toEqual(expect.arrayContaining(['$.id', '$.seeds[0]', '$.scenario.horizon']));
  });

  it('parseShardResult rejects a result for another shard, seed or length, naming each', () => {
    const result = runShard(parseShard(sent(good)));
    expect(() => parseShardResult({ ...result, id: 'p9.0' }, good)).toThrow('result of shard p0.0: $.id: must be "p0.0" (got "p9.0")');
    expect(() => parseShardResult({ ...result, runs: [result.runs[1], result.runs[0]] }, good)).toThrow('$.runs[0].seed: must be 1 (got 2)');
    expect(() => parseShardResult({ ...result, runs: result.runs.slice(1) }, good)).toThrow('$.runs: must be an array of 2 runs (got 1)');
    expect(() => parseShardResult({ ...result, runs: [{ seed: 1, summary: {}, e2e: {} }, result.runs[1]] }, good)).toThrow('$.runs[0].summary: must be a replication summary; $.runs[0].e2e: must be a latency histogram');
  });
});
