// Writes a result file in pieces (json-chunks.ts), so results larger than a JavaScript string
// can hold still get written; to a temporary name first, so a crash never leaves a half file
// where a previous result stood. The temporary name is this process's own, so two runs
// writing the same result both succeed: each renames its complete file, and the last wins.
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { jsonChunks } from './json-chunks.ts';

const FLUSH_AT = 1 << 20;
/** A value whose JSON is estimated below this many characters is written as one string: the
 * pieces cost ~0.1-0.3 s on a cold process for a 0.7 MB result, a third of a small
 * simulation's whole run; JSON.stringify takes 3 ms. 8× below V8's longest string. */
const WHOLE_BELOW = 64 << 20;

/** About the length of `value`'s JSON with one space per level (each line's indentation
 * counted), or `limit` as soon as it reaches it: the walk stops there. */
export function roughJsonLength(value: unknown, limit: number): number {
  let n = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0 && n < limit) {
    const [v, depth] = stack.pop()!;
    n += depth + 2;
    if (typeof v === 'string') n += v.length * 2; // escapes at most double a string
    else if (v === null || typeof v !== 'object') n += 24; // the longest number
    else for (const [k, x] of Object.entries(v)) {
      n += k.length + 4;
      stack.push([x, depth + 1]);
    }
  }
  return Math.min(n, limit);
}

/** `JSON.stringify(value, null, 1) + '\n'` into `path`; a large value without building the
 * whole string (`wholeBelow`: the estimated length below which it is one string). */
export function writeJsonFile(path: string, value: unknown, wholeBelow = WHOLE_BELOW): void {
  // The random part keeps two threads of one process (a sweep's workers) apart; it need not be
  // secret ('wx' refuses a file that is there), so Math.random, not node:crypto, whose
  // loading was ~2 ms of every `./fave sim` (docs/performance.md, "Fast start, fourth pass").
  const partial = `${path}.${process.pid}.${Math.random().toString(16).slice(2, 10)}.partial`;
  const fd = openSync(partial, 'wx'); // never someone else's file
  try {
    try {
      if (roughJsonLength(value, wholeBelow) < wholeBelow) writeSync(fd, `${JSON.stringify(value, null, 1)}\n`);
      else writeInPieces(fd, value);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, path);
  } catch (e) {
    rmSync(partial, { force: true });
    throw e;
  }
}

function writeInPieces(fd: number, value: unknown): void {
  let buffer = '';
  for (const piece of jsonChunks(value)) {
    buffer += piece;
    if (buffer.length >= FLUSH_AT) {
      writeSync(fd, buffer);
      buffer = '';
    }
  }
  writeSync(fd, buffer + '\n');
}
