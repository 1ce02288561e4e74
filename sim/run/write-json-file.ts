// Writes a result file in pieces (json-chunks.ts), so results larger than a JavaScript string
// can hold still get written; to a temporary name first, so a crash never leaves a half file
// where a previous result stood. The temporary name is this process's own, so two runs
// writing the same result both succeed: each renames its complete file, and the last wins.
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { jsonChunks } from './json-chunks.ts';

const FLUSH_AT = 1 << 20;

/** `JSON.stringify(value, null, 1) + '\n'` into `path`, without building the whole string. */
export function writeJsonFile(path: string, value: unknown): void {
  const partial = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.partial`;
  const fd = openSync(partial, 'wx'); // never someone else's file
  try {
    try {
      let buffer = '';
      for (const piece of jsonChunks(value)) {
        buffer += piece;
        if (buffer.length >= FLUSH_AT) {
          writeSync(fd, buffer);
          buffer = '';
        }
      }
      writeSync(fd, buffer + '\n');
    } finally {
      closeSync(fd);
    }
    renameSync(partial, path);
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
}
