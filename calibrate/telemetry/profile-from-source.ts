// `--from-telemetry <path>`: a profile from recorded measurements, nothing run. A .csv is
// the original FAVE's stage_invocations.csv (import/), read with its requests.csv (beside
// it, or --requests); anything else is telemetry JSONL or a live run directory holding
// telemetry.jsonl.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CalibrationProfile } from '../../sim/profile/types.ts';
import { readCsv, type CsvTable } from '../../sim/trace/csv.ts';
import { InputError } from '../errors.ts';
import { buildFaveProfile } from '../import/fave-csv.ts';
import { buildProfile } from '../profile/build-profile.ts';
import { measurementsFromTelemetry } from './from-telemetry.ts';
import { readTelemetry } from './read-telemetry.ts';

export interface FromSourceOptions {
  /** The original FAVE's requests.csv; default: requests.csv beside the stage CSV. */
  requests?: string;
}

export interface FromSource {
  profile: CalibrationProfile;
  /** Per-fit report lines to print (the FAVE import; also in measured.notes). */
  report: string[];
}

async function table(file: string): Promise<CsvTable> {
  try {
    return await readCsv(file);
  } catch (e) {
    throw new InputError(`${file}: ${(e as Error).message}`);
  }
}

export async function profileFromSource(source: string, cores: number, versions: Record<string, string>, o: FromSourceOptions = {}): Promise<FromSource> {
  if (/\.csv$/i.test(source)) {
    const invocations = await table(source);
    const requestsFile = o.requests ?? path.join(path.dirname(source), 'requests.csv');
    if (!existsSync(requestsFile)) {
      throw new InputError(
        `${requestsFile}: no such file. The FAVE import needs the request log beside the stage CSV (every request with its start offset and client duration, ` +
        'to tell which calls ran alone: data/README.md, "fave/requests.csv"); give its path with --requests <file>.',
      );
    }
    return buildFaveProfile(invocations, await table(requestsFile));
  }
  const { file, records } = readTelemetry(source);
  const profile = buildProfile(measurementsFromTelemetry(records), {
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
  return { profile, report: [] };
}
