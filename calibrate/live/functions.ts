// `./fave calibrate --function NAME [--body FILE] ...`: any deployed function, measured
// from a sample request. Each --function may be followed by one --body (a JSON file sent as
// the request body, as it is, on every call); a --function without one is sent `{}`. The
// pairs are read in the order given, so `--function a --body a.json --function b` is a with
// a.json and b with `{}`.
//
// A body is bounded like every input file (sim/input/limits.ts: 32 MB, 64 levels of nesting,
// finite numbers) and must be JSON; errors name the file. The profile's measured.plan records
// each function with its body's file, size and sha256, never the body itself.
import { createHash } from 'node:crypto';
import { checkValue } from '../../sim/input/check-value.ts';
import { parseJsonText, readBounded } from '../../sim/input/read-json.ts';
import { UsageError } from '../../sim/process/errors.ts';
import { InputError } from '../errors.ts';

/** One function to calibrate and what each call sends it. */
export interface FunctionSpec {
  name: string;
  /** The body file as given on the command line; undefined = `{}`. */
  bodyFile: string | undefined;
  /** The request body sent on every call: the file's text unchanged (or `{}`). */
  body: string;
  bytes: number;
  sha256: string;
}

/** What measured.plan keeps of a FunctionSpec: where the body came from, not what it says. */
export interface PlannedFunction {
  name: string;
  body: string | null;
  bytes: number;
  sha256: string;
}

/** A function name OpenFaaS accepts: a DNS-1123 label (Kubernetes service names). */
const DNS_1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function checkFunctionName(name: string): void {
  if (name.length > 63 || !DNS_1123.test(name)) {
    throw new UsageError(`--function '${name}': not a function name (a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)`);
  }
}

/** The command line's --function and --body options, in the order given. */
export interface OptionToken {
  name: string;
  value: string | undefined;
}

/**
 * --function / --body pairs from the options in command-line order: each --body belongs to
 * the --function just before it. A --body first or a second --body for one function is a
 * UsageError, and so is a function named twice.
 */
export function pairFunctions(tokens: readonly OptionToken[]): { name: string; bodyFile: string | undefined }[] {
  const out: { name: string; bodyFile: string | undefined }[] = [];
  let open: { name: string; bodyFile: string | undefined } | undefined;
  for (const t of tokens) {
    if (t.name === 'function') {
      const name = t.value ?? '';
      checkFunctionName(name);
      if (out.some((f) => f.name === name)) throw new UsageError(`--function '${name}' is given twice: each function is measured once, from one body`);
      open = { name, bodyFile: undefined };
      out.push(open);
    } else if (t.name === 'body') {
      if (!open) throw new UsageError(`--body ${t.value ?? ''}: a --body belongs to the --function before it (--function NAME --body FILE), and none comes before this one`);
      if (open.bodyFile !== undefined) throw new UsageError(`--body ${t.value ?? ''}: --function '${open.name}' already has --body ${open.bodyFile} (one body per function)`);
      open.bodyFile = t.value ?? '';
    }
  }
  return out;
}

/** The body sent when --function has no --body. */
export const EMPTY_BODY = '{}';

/** Reads and checks one body file: JSON, within the input limits (the file's text is sent
 * unchanged). Errors name the file. */
export function readBody(file: string): string {
  const read = readBounded(file);
  if ('problem' in read) throw new InputError(`--body ${file}: cannot read the request body file: ${read.problem}`);
  const parsed = parseJsonText(read.text);
  if ('issue' in parsed) throw new InputError(`--body ${file}: ${parsed.issue.message}`);
  const check = checkValue(parsed.value);
  if (check.issues.length > 0) {
    const first = check.issues[0]!;
    throw new InputError(`--body ${file}: ${first.path}: ${first.message}${check.issues.length > 1 ? ` (and ${check.issues.length - 1} more)` : ''}`);
  }
  return read.text;
}

/** The functions to calibrate, bodies read and checked. */
export function loadFunctions(pairs: readonly { name: string; bodyFile: string | undefined }[]): FunctionSpec[] {
  return pairs.map(({ name, bodyFile }) => {
    const body = bodyFile === undefined ? EMPTY_BODY : readBody(bodyFile);
    return { name, bodyFile, body, bytes: Buffer.byteLength(body), sha256: createHash('sha256').update(body).digest('hex') };
  });
}

export function planned(f: FunctionSpec): PlannedFunction {
  return { name: f.name, body: f.bodyFile ?? null, bytes: f.bytes, sha256: f.sha256 };
}
