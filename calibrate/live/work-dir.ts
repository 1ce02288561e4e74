// The calibration's work dir: one JSON file per step holding the raw records measured so
// far, rewritten after every record (atomically: write + rename). An interrupted run keeps
// everything up to its last record; a re-run with the same work dir skips what is done and
// continues a step where it stopped.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.ts';

export interface WorkDir {
  dir: string;
  /** The records a step already holds ([] when new). */
  records<T>(step: string): T[];
  append<T>(step: string, record: T): void;
  read<T>(name: string): T | undefined;
  write(name: string, value: unknown): void;
}

export function openWorkDir(dir: string): WorkDir {
  mkdirSync(path.join(dir, 'steps'), { recursive: true });
  const file = (name: string) => path.join(dir, 'steps', `${name.replace(/[^A-Za-z0-9._-]+/g, '_')}.json`);
  const read = <T>(name: string): T | undefined => {
    const f = file(name);
    if (!existsSync(f)) return undefined;
    try {
      return JSON.parse(readFileSync(f, 'utf8')) as T;
    } catch (e) {
      throw new InputError(`${f}: not valid JSON (${(e as Error).message}); delete it to measure that step again`);
    }
  };
  const write = (name: string, value: unknown) => {
    const f = file(name);
    writeFileSync(`${f}.tmp`, `${JSON.stringify(value)}\n`);
    renameSync(`${f}.tmp`, f);
  };
  const cache = new Map<string, unknown[]>();
  return {
    dir,
    read,
    write,
    records<T>(step: string): T[] {
      if (!cache.has(step)) cache.set(step, read<{ records: unknown[] }>(step)?.records ?? []);
      return cache.get(step) as T[];
    },
    append<T>(step: string, record: T) {
      const list = this.records<T>(step);
      list.push(record);
      write(step, { records: list });
    },
  };
}
