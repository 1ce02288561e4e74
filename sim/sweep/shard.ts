// A shard: one point's scenario and some of its seeds, self-contained (the calibration
// profile travels inline), so a process with no access to the sweep's files — the
// `sim-runner` OpenFaaS function — can run it. Pure: parsing, validation and running; the
// HTTP side lives in sim/sweep/remote/ and stages/sim-runner/.
import { parseProfile, ProfileError } from '../profile/load.ts';
import { unknownKey } from '../input/did-you-mean.ts';
import type { CalibrationProfile } from '../profile/types.ts';
import { type ConfigIssue, ConfigError } from '../scenario/errors.ts';
import { parseScenario } from '../scenario/load.ts';
import { resolveScenario } from '../scenario/resolve.ts';
import type { Scenario } from '../scenario/types.ts';
import { dedupeIssues } from './apply-point.ts';
import type { SeedRun } from './metrics.ts';
import { runSeed } from './run-seed.ts';

export const SHARD_FORMAT = 'fave.sweep-shard/v1';
export const SHARD_RESULT_FORMAT = 'fave.sweep-shard-result/v1';

export interface Shard {
  format: typeof SHARD_FORMAT;
  /** Unique within one sweep run; echoed in the result. */
  id: string;
  /** The point's index in the sweep (for messages). */
  point: number;
  /** The base scenario's path: names it in error messages, never read. */
  source: string;
  /** The point's scenario: the base with the point's overrides applied. */
  scenario: Scenario;
  profile: CalibrationProfile | null;
  seeds: number[];
}

export interface ShardRun extends SeedRun {
  seed: number;
}

export interface ShardResult {
  format: typeof SHARD_RESULT_FORMAT;
  id: string;
  /** One per seed, in the shard's seed order. */
  runs: ShardRun[];
}

const SHARD_KEYS = ['format', 'id', 'point', 'source', 'scenario', 'profile', 'seeds'];
const ID = /^[A-Za-z0-9._-]{1,64}$/;

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** `$.workload.rate` found inside `$.scenario` → `$.scenario.workload.rate`. */
function under(prefix: string, path: string): string {
  if (path.startsWith('$')) return prefix + path.slice(1);
  return `${prefix}.${path}`;
}

/**
 * Validates a shard body: every problem, each naming its JSON path in the body. The
 * scenario goes through the scenario schema and the model's own checks (resolveScenario),
 * the profile through the profile schema, exactly as a local sweep checks them.
 */
export function parseShard(json: unknown, source = 'shard'): Shard {
  if (!isRecord(json)) throw new ConfigError(source, [{ path: '$', message: 'a shard must be a JSON object', value: json }]);
  const issues: ConfigIssue[] = [];
  for (const key of Object.keys(json)) {
    if (!SHARD_KEYS.includes(key)) issues.push({ path: '$', message: unknownKey(key, SHARD_KEYS) });
  }
  for (const key of SHARD_KEYS) if (!(key in json)) issues.push({ path: '$', message: `missing required key '${key}'` });
  if ('format' in json && json.format !== SHARD_FORMAT) issues.push({ path: '$.format', message: `must be "${SHARD_FORMAT}"`, value: json.format });
  if ('id' in json && (typeof json.id !== 'string' || !ID.test(json.id))) issues.push({ path: '$.id', message: 'must be 1-64 characters of A-Z a-z 0-9 . _ -', value: json.id });
  if ('point' in json && !(Number.isSafeInteger(json.point) && (json.point as number) >= 0)) issues.push({ path: '$.point', message: 'must be an integer >= 0', value: json.point });
  if ('source' in json && (typeof json.source !== 'string' || json.source === '')) issues.push({ path: '$.source', message: 'must be a non-empty string', value: json.source });
  if ('seeds' in json) {
    const seeds = json.seeds;
    if (!Array.isArray(seeds) || seeds.length === 0) issues.push({ path: '$.seeds', message: 'must be a non-empty array of integers', value: seeds });
    else seeds.forEach((s, i) => Number.isSafeInteger(s) || issues.push({ path: `$.seeds[${i}]`, message: 'must be an integer', value: s }));
  }
  const named = typeof json.source === 'string' && json.source !== '' ? json.source : source;

  let scenario: Scenario | null = null;
  if ('scenario' in json) {
    try {
      scenario = parseScenario(json.scenario, named);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      issues.push(...e.issues.map((i) => ({ ...i, path: under('$.scenario', i.path) })));
    }
  }
  if (scenario?.compare?.length) issues.push({ path: '$.scenario.compare', message: 'a shard runs one configuration: apply the variant first' });
  if (scenario?.workload.executor === 'azure-trace') issues.push({ path: '$.scenario.workload.executor', message: 'azure-trace reads trace files, which a shard does not carry', value: 'azure-trace' });

  let profile: CalibrationProfile | null = null;
  let profileOk = true;
  if ('profile' in json && json.profile !== null) {
    try {
      profile = parseProfile(json.profile, `${source} profile`);
    } catch (e) {
      if (!(e instanceof ProfileError)) throw e;
      profileOk = false;
      issues.push(...e.issues.map((i) => ({ path: under('$.profile', i.path), message: i.message })));
    }
  }
  // What the schema cannot see (min > max, a pipeline without a profile, ...), as runSweep
  // checks it before any work starts.
  if (scenario && profileOk && issues.length === 0) {
    try {
      resolveScenario(scenario, profile, named);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      // Profile paths ($.profile, profile.stages.…) name the shard's own profile field.
      const at = (p: string) => (p.startsWith('$.profile') ? p : p.startsWith('profile.') ? `$.${p}` : under('$.scenario', p));
      issues.push(...e.issues.map((i) => ({ ...i, path: at(i.path) })));
    }
  }
  // The model reports a shared setting once per function: once is enough.
  if (issues.length) throw new ConfigError(source, dedupeIssues(issues));
  return { ...(json as unknown as Shard), scenario: scenario!, profile };
}

/** Runs every seed of a shard; the same numbers a local sweep worker gives. */
export function runShard(shard: Shard): ShardResult {
  const runs = shard.seeds.map((seed) => ({ seed, ...runSeed(shard.scenario, shard.profile, shard.source, seed) }));
  return { format: SHARD_RESULT_FORMAT, id: shard.id, runs };
}

/** Checks a shard result (already decoded from the wire) against the shard it answers. */
export function parseShardResult(json: unknown, shard: Shard): ShardResult {
  const problems: string[] = [];
  const check = (ok: boolean, path: string, message: string) => ok || problems.push(`${path}: ${message}`);
  if (!isRecord(json)) throw new Error(`result of shard ${shard.id}: not a JSON object`);
  check(json.format === SHARD_RESULT_FORMAT, '$.format', `must be "${SHARD_RESULT_FORMAT}" (got ${JSON.stringify(json.format)})`);
  check(json.id === shard.id, '$.id', `must be "${shard.id}" (got ${JSON.stringify(json.id)})`);
  const runs = json.runs;
  if (!Array.isArray(runs) || runs.length !== shard.seeds.length) {
    problems.push(`$.runs: must be an array of ${shard.seeds.length} runs (got ${Array.isArray(runs) ? runs.length : typeof runs})`);
  } else {
    runs.forEach((r: unknown, i) => {
      const at = `$.runs[${i}]`;
      if (!isRecord(r)) return problems.push(`${at}: must be an object`);
      check(r.seed === shard.seeds[i], `${at}.seed`, `must be ${shard.seeds[i]} (got ${JSON.stringify(r.seed)})`);
      check(isRecord(r.summary) && typeof r.summary.requests === 'number', `${at}.summary`, 'must be a replication summary');
      check(isRecord(r.e2e) && Array.isArray(r.e2e.counts), `${at}.e2e`, 'must be a latency histogram');
    });
  }
  if (problems.length) throw new Error(`result of shard ${shard.id}: ${problems.join('; ')}`);
  return json as unknown as ShardResult;
}
