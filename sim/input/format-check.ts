// A file of the wrong kind (package.json, a sweep where a profile belongs, anything without
// a FAVE `format`) is said to be so in one line, instead of by listing every one of its keys
// as unknown: an error quotes no more of a file that is not what it should be.
import type { ConfigIssue } from '../scenario/errors.ts';
import { quoted } from './excerpt.ts';

/** One issue when `json` is an object that is not a `<kind>` file of any version (`format`
 * missing, or another kind's); null when the schema should report in full (the right kind,
 * perhaps another version, or not an object at all: one issue from the schema anyway). */
export function wrongKind(json: unknown, expected: string, what: string): ConfigIssue | null {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return null;
  const format = (json as Record<string, unknown>).format;
  const kind = expected.slice(0, expected.indexOf('/') + 1); // 'fave.scenario/'
  if (typeof format === 'string' && format.startsWith(kind)) return null;
  const found = format === undefined ? 'it has no "format"' : `its format is ${typeof format === 'string' ? quoted(format) : typeof format}`;
  return { path: '$.format', message: `not a ${what} file: ${found} (expected "${expected}")` };
}
