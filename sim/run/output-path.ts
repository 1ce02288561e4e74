// The result file's place, checked before a run rather than after it: a --out that cannot be
// written (a folder on its way is a file, the path is a folder, no permission) is bad input,
// found in a moment instead of at the end of a long run. Nothing is created until the write.
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { writeJsonFile } from './write-json-file.ts';
import { FaveError } from '../process/errors.ts';

export class OutputPathError extends FaveError {
  constructor(readonly path: string, problem: string) {
    super(`cannot write the result to ${path}: ${problem}`);
    this.name = 'OutputPathError';
  }
}

/** Throws OutputPathError unless a file could be written at `path` (its missing folders
 * made on the way). */
export function checkOutput(path: string): void {
  const wanted = resolve(path);
  if (statOf(wanted)?.isDirectory()) throw new OutputPathError(path, 'it is a directory');
  // The nearest folder that exists: the rest would be made under it.
  let dir = dirname(wanted);
  let stat = statOf(dir);
  while (!stat && dirname(dir) !== dir) {
    dir = dirname(dir);
    stat = statOf(dir);
  }
  if (!stat?.isDirectory()) throw new OutputPathError(path, `${dir} is not a directory`);
  try {
    accessSync(dir, constants.W_OK);
  } catch (e) {
    throw new OutputPathError(path, (e as Error).message);
  }
}

/** Makes the folders and writes the result (write-json-file.ts); a failure is an
 * OutputPathError naming the path. */
export function writeResult(path: string, value: unknown): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeJsonFile(path, value);
  } catch (e) {
    throw new OutputPathError(path, (e as Error).message);
  }
}

function statOf(path: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
