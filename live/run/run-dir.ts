// The run directory `<out>/<UTC time>-<scenario name>/` (`…-2`, `-3`, … when a run of the
// same name started in the same second: repeats, variants of one name, two commands at
// once): the scenario echoed, one JSON line per request and per stage telemetry record
// appended as they finish (an interrupted run keeps them), and result.json at the end.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Scenario } from '../../sim/scenario/types.ts';

export interface RunDir {
  dir: string;
  appendRequest(record: object): void;
  appendTelemetry(record: object): void;
  writeResult(result: object): void;
}

/** `2024-05-01T12-30-05Z`: sortable, and safe in file names everywhere. */
export function utcStamp(date: Date): string {
  return date.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '-');
}

export function createRunDir(outDir: string, scenario: Scenario, now = new Date()): RunDir {
  const safeName = scenario.name.replace(/[^A-Za-z0-9._-]+/g, '_');
  mkdirSync(outDir, { recursive: true });
  const dir = freshDir(path.resolve(outDir, `${utcStamp(now)}-${safeName}`));
  writeFileSync(path.join(dir, 'scenario.json'), `${JSON.stringify(scenario, null, 2)}\n`);
  const requests = path.join(dir, 'requests.jsonl');
  const telemetry = path.join(dir, 'telemetry.jsonl');
  writeFileSync(requests, '');
  writeFileSync(telemetry, '');
  return {
    dir,
    appendRequest: (r) => appendFileSync(requests, `${JSON.stringify(r)}\n`),
    appendTelemetry: (r) => appendFileSync(telemetry, `${JSON.stringify(r)}\n`),
    writeResult: (r) => writeFileSync(path.join(dir, 'result.json'), `${JSON.stringify(r, null, 2)}\n`),
  };
}

/** Makes and returns `base`, or `base-2`, `base-3`, … if taken: a run never writes into
 * another run's directory. mkdir either creates or fails, so two processes cannot both
 * take one name. */
function freshDir(base: string): string {
  for (let n = 1; ; n++) {
    const dir = n === 1 ? base : `${base}-${n}`;
    try {
      mkdirSync(dir);
      return dir;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}
