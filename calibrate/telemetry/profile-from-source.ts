// `--from-telemetry <path>`: a profile from recorded measurements, nothing run. A .csv is
// the original FAVE's stage_invocations.csv (import/); anything else is telemetry JSONL or a
// live run directory holding telemetry.jsonl.
import os from 'node:os';
import path from 'node:path';
import type { CalibrationProfile } from '../../sim/profile/types.ts';
import { readCsv } from '../../sim/trace/csv.ts';
import { InputError } from '../errors.ts';
import { buildFaveProfile } from '../import/fave-csv.ts';
import { buildProfile } from '../profile/build-profile.ts';
import { measurementsFromTelemetry } from './from-telemetry.ts';
import { readTelemetry } from './read-telemetry.ts';

export async function profileFromSource(source: string, cores: number, versions: Record<string, string>): Promise<CalibrationProfile> {
  if (/\.csv$/i.test(source)) {
    let table;
    try {
      table = await readCsv(source);
    } catch (e) {
      throw new InputError(`${source}: ${(e as Error).message}`);
    }
    return buildFaveProfile(table);
  }
  const { file, records } = readTelemetry(source);
  return buildProfile(measurementsFromTelemetry(records), {
    cores,
    measured: {
      source: 'telemetry',
      target: path.resolve(file),
      host: os.hostname(),
      date: new Date(Math.max(...records.map((r) => r.endedAtMs))).toISOString(),
      versions,
      plan: { records: records.length },
      notes: [
        `from ${records.length} telemetry records of ${file}; nothing was run.`,
        'warm: calls that were not a process\'s first and had nothing else in flight; contention: calls grouped by in-flight count at start (inflightAtStart + 1).',
        `node.cores: ${cores} (--cores, default this machine's count: right for a run on the embedded platform here).`,
      ],
    },
  });
}

