// Reads a live run directory (live/run/run-dir.ts): scenario.json, requests.jsonl and
// telemetry.jsonl. Only the fields validate needs are checked, each error naming the file,
// the line and the field.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { OUTCOME_NAMES, type OutcomeName } from '../../sim/model/outcome.ts';
import { parseScenario } from '../../sim/scenario/load.ts';
import { parseJsonText } from '../../sim/input/read-json.ts';
import { ConfigError } from '../../sim/scenario/errors.ts';
import type { Scenario } from '../../sim/scenario/types.ts';
import type { TelemetryRecord } from '../../stages/runtime/telemetry.ts';
import { InputError } from '../errors.ts';
import { parseTelemetryJsonl } from '../telemetry/read-telemetry.ts';

export interface RunRequest {
  index: number;
  arrival: number;
  latency: number;
  outcome: OutcomeName;
  calls: { fn: string; outcome: OutcomeName; latency: number }[];
  /** An asynchronous request (live/run/async-runner.ts): its queue wait and time to
   * callback, seconds, null when not measured (not accepted, no callback). */
  async?: { queueWait: number | null; timeToCallback: number | null };
}

export interface RunData {
  dir: string;
  scenario: Scenario;
  requests: RunRequest[];
  telemetry: TelemetryRecord[];
  /** What the live run did otherwise than the scenario says (result.json's
   * live.settings.approximations: replicas held with --no-autoscale, the alert's timing, …);
   * empty for runs recorded without a result.json. */
  approximations?: string[];
}

/** The run's approximations from its result.json, when it has one. */
function readApproximations(dir: string): string[] {
  const file = path.join(dir, 'result.json');
  if (!existsSync(file)) return [];
  const read = parseJsonText(readFileSync(file, 'utf8'));
  if ('issue' in read) throw new InputError(`${file}: ${read.issue.message}`);
  const list = (read.value as { live?: { settings?: { approximations?: unknown } } } | null)?.live?.settings?.approximations;
  if (list === undefined) return [];
  if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) throw new InputError(`${file}: live.settings.approximations must be a list of strings`);
  return list;
}

function readText(dir: string, name: string): string {
  const file = path.join(dir, name);
  if (!existsSync(file)) throw new InputError(`${dir}: no ${name} (expected a live run directory with scenario.json, requests.jsonl, telemetry.jsonl)`);
  return readFileSync(file, 'utf8');
}

const isOutcome = (v: unknown): v is OutcomeName => typeof v === 'string' && (OUTCOME_NAMES as readonly string[]).includes(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isNumOrNull = (v: unknown) => v === null || isNum(v);

export function parseRequests(text: string, file: string): RunRequest[] {
  const out: RunRequest[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const at = `${file}:${i + 1}`;
    let r: Record<string, unknown>;
    try {
      r = JSON.parse(line) as Record<string, unknown>;
    } catch (e) {
      throw new InputError(`${at}: not valid JSON (${(e as Error).message})`);
    }
    for (const k of ['index', 'arrival', 'latency'] as const) if (!isNum(r[k])) throw new InputError(`${at}: '${k}' must be a number >= 0, got ${JSON.stringify(r[k])}`);
    if (!isOutcome(r.outcome)) throw new InputError(`${at}: 'outcome' must be one of ${OUTCOME_NAMES.join(', ')}, got ${JSON.stringify(r.outcome)}`);
    const calls = r.calls === undefined ? [] : r.calls;
    if (!Array.isArray(calls)) throw new InputError(`${at}: 'calls' must be an array`);
    calls.forEach((c: { fn?: unknown; outcome?: unknown; latency?: unknown }, j) => {
      if (typeof c?.fn !== 'string' || !isOutcome(c.outcome) || !isNum(c.latency)) throw new InputError(`${at}: calls[${j}] needs fn (string), outcome and latency (number), got ${JSON.stringify(c)}`);
    });
    let async: RunRequest['async'];
    if (r.async !== undefined) {
      const a = r.async as { queueWait?: unknown; timeToCallback?: unknown } | null;
      for (const k of ['queueWait', 'timeToCallback'] as const) {
        if (typeof a !== 'object' || a === null || !isNumOrNull(a[k])) throw new InputError(`${at}: 'async.${k}' must be a number >= 0 or null, got ${JSON.stringify(a?.[k])}`);
      }
      async = { queueWait: a!.queueWait as number | null, timeToCallback: a!.timeToCallback as number | null };
    }
    out.push({ index: r.index as number, arrival: r.arrival as number, latency: r.latency as number, outcome: r.outcome, calls: calls as RunRequest['calls'], ...(async ? { async } : {}) });
  });
  return out;
}

export function readRunDir(dir: string): RunData {
  if (!existsSync(dir)) throw new InputError(`${dir}: no such run directory`);
  // Parsed as the simulator reads any input (sim/input): a file that is not JSON is told by
  // line and column with a short escaped excerpt, not quoted by V8's message.
  const read = parseJsonText(readText(dir, 'scenario.json'));
  if ('issue' in read) throw new InputError(`${path.join(dir, 'scenario.json')}: ${read.issue.message}`);
  const scenarioJson = read.value;
  let scenario: Scenario;
  try {
    scenario = parseScenario(scenarioJson, path.join(dir, 'scenario.json'));
  } catch (e) {
    if (e instanceof ConfigError) throw new InputError(e.message);
    throw e;
  }
  const requests = parseRequests(readText(dir, 'requests.jsonl'), path.join(dir, 'requests.jsonl'));
  if (requests.length === 0) throw new InputError(`${path.join(dir, 'requests.jsonl')}: no requests recorded`);
  const telemetry = parseTelemetryJsonl(readText(dir, 'telemetry.jsonl'), path.join(dir, 'telemetry.jsonl'));
  return { dir, scenario, requests, telemetry, approximations: readApproximations(dir) };
}

/** One note per approximation the live runs made (the replay simulates the scenario as
 * written, so these are where live and simulated runs may differ by construction). */
export function approximationNotes(runs: readonly RunData[]): string[] {
  const all = runs.flatMap((r) => r.approximations ?? []);
  return [...new Set(all)].map((line) => {
    const n = all.filter((x) => x === line).length;
    return `the live run${runs.length > 1 ? `s (${n} of ${runs.length})` : ''} approximated ${line}`;
  });
}
