// Reads recorded stage telemetry (fave.telemetry/v1, one JSON object per line): a live run
// directory's telemetry.jsonl, or any .jsonl file. A line that is not a valid record is an
// error naming the file, the line and the field: a profile is never built from half a file
// silently.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { TelemetryFormatError, type TelemetryRecord, validateTelemetry } from '../../stages/runtime/telemetry.ts';
import { InputError } from '../errors.ts';

/** The JSONL file a path names: the path itself, or `<dir>/telemetry.jsonl` for a run directory. */
export function telemetryFileOf(p: string): string {
  if (!existsSync(p)) throw new InputError(`${p}: no such file or directory`);
  if (!statSync(p).isDirectory()) return p;
  const file = path.join(p, 'telemetry.jsonl');
  if (!existsSync(file)) throw new InputError(`${p}: a directory without telemetry.jsonl (expected a live run directory, runs/<time>-<name>/)`);
  return file;
}

export function parseTelemetryJsonl(text: string, file: string): TelemetryRecord[] {
  const out: TelemetryRecord[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (e) {
      throw new InputError(`${file}:${i + 1}: not valid JSON (${(e as Error).message})`);
    }
    try {
      out.push(validateTelemetry(json));
    } catch (e) {
      if (e instanceof TelemetryFormatError) throw new InputError(`${file}:${i + 1}: ${e.message}`);
      throw e;
    }
  });
  return out;
}

export function readTelemetry(p: string): { file: string; records: TelemetryRecord[] } {
  const file = telemetryFileOf(p);
  const records = parseTelemetryJsonl(readFileSync(file, 'utf8'), file);
  if (records.length === 0) throw new InputError(`${file}: no telemetry records`);
  return { file, records };
}
