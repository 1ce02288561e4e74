// Reading an input file as JSON, bounded: at most MAX_INPUT_BYTES are read (so /dev/zero or a
// huge file is refused, not loaded), and a file that is not JSON is reported by line and
// column with a short escaped excerpt, never quoted at length. Each loader wraps the problem
// in its own error class (ConfigError, ProfileError).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { ConfigIssue } from '../scenario/errors.ts';
import { excerpt } from './excerpt.ts';
import { firstSyntaxError, lineAndColumn } from './json-syntax.ts';
import { MAX_INPUT_BYTES } from './limits.ts';

export type JsonRead = { value: unknown } | { issue: ConfigIssue };

/** The parsed contents of `path`; `what` names the kind of file in messages ("scenario"). */
export function readJsonFile(path: string, what: string, maxBytes = MAX_INPUT_BYTES): JsonRead {
  const read = readBounded(path, maxBytes);
  if ('problem' in read) return { issue: { path: '$', message: `cannot read the ${what} file: ${read.problem}` } };
  return parseJsonText(read.text);
}

/** JSON.parse, with its failures told without quoting the text at length. */
export function parseJsonText(text: string): JsonRead {
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    // V8's parser is a loop, but an engine may still run out of stack or memory on an
    // absurd input: say so rather than let a RangeError out.
    if (!(e instanceof SyntaxError)) return { issue: { path: '$', message: `not valid JSON: too large or too deeply nested to parse (${(e as Error).name})` } };
    const found = firstSyntaxError(text);
    if (!found) return { issue: { path: '$', message: 'not valid JSON' } }; // the two parsers disagree: say no more
    const { line, column } = lineAndColumn(text, found.offset);
    const near = found.offset < text.length ? `, at ${excerpt(text.slice(found.offset, found.offset + 64))}` : '';
    return { issue: { path: '$', message: `not valid JSON: ${found.problem} (line ${line}, column ${column}${near})` } };
  }
}

/** The file's text, read in pieces up to `maxBytes` (a device or a pipe has no size to check), or why not. */
export function readBounded(path: string, maxBytes: number = MAX_INPUT_BYTES): { text: string } | { problem: string } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    return { problem: (e as Error).message };
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) return { problem: 'it is a directory' };
    if (stat.isFile() && stat.size > maxBytes) return { problem: tooLarge(stat.size, maxBytes) };
    // Read in pieces up to one byte past the limit: a device or a pipe has no size to check.
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.allocUnsafe(Math.min(maxBytes + 1, 1 << 20));
    for (;;) {
      const got = readSync(fd, chunk, 0, chunk.length, null);
      if (got === 0) break;
      total += got;
      if (total > maxBytes) return { problem: tooLarge(null, maxBytes) };
      chunks.push(Buffer.from(chunk.subarray(0, got)));
    }
    return { text: Buffer.concat(chunks, total).toString('utf8') };
  } catch (e) {
    return { problem: (e as Error).message };
  } finally {
    closeSync(fd);
  }
}

function tooLarge(size: number | null, maxBytes: number): string {
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
  return `${size === null ? 'it is' : `it is ${mb(size)},`} over the ${mb(maxBytes)} limit for input files (docs/input-limits.md)`;
}
