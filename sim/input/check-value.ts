// What the schema validators cannot be trusted with: a value nested so deep that walking it
// recursively overflows the stack (ajv, structuredClone and JSON.stringify all recurse),
// one so large that validating it is most of a run, and numbers JSON.parse gives as Infinity
// (`1e999`), which every schema keyword lets through. Checked first, by a loop over an
// explicit list of containers, so no input can make this check itself recurse or run long.
import type { ConfigIssue } from '../scenario/errors.ts';
import { excerpt } from './excerpt.ts';
import { MAX_DEPTH, MAX_VALUES } from './limits.ts';

export interface ValueCheck {
  issues: ConfigIssue[];
  /** False when the value must go no further: too deep, too large, or not JSON data. Non-
   * finite numbers alone leave it safe to validate, so those come with the schema's issues. */
  safe: boolean;
}

/** Non-finite numbers named one by one; past this many they are counted. */
const MAX_NON_FINITE = 1000;

interface Frame {
  value: object;
  parent: number; // index of the parent frame, -1 at the root
  key: string | number;
  depth: number;
}

/** Every non-finite number by its JSON path (the first thousand); the first container
 * nested too deep; a value JSON cannot hold (undefined, a function: only a caller passing
 * objects can do that). */
export function checkValue(root: unknown, opts: { maxDepth?: number; maxValues?: number; keyStep?: (key: string) => string } = {}): ValueCheck {
  const maxDepth = opts.maxDepth ?? MAX_DEPTH;
  const maxValues = opts.maxValues ?? MAX_VALUES;
  const keyStep = opts.keyStep ?? defaultKeyStep;
  const fatal: ConfigIssue[] = []; // the value goes no further
  const nonFinite: ConfigIssue[] = []; // reported beside the schema's issues
  let nonFiniteMore = 0;
  const frames: Frame[] = [];
  let values = 0;
  const pathOf = (frame: number, key?: string | number): string => {
    const steps: (string | number)[] = key === undefined ? [] : [key];
    for (let f = frame; f > 0; f = frames[f]!.parent) steps.push(frames[f]!.key);
    return '$' + steps.reverse().map((s) => (typeof s === 'number' ? `[${s}]` : keyStep(s))).join('');
  };
  const visit = (v: unknown, parent: number, key: string | number | undefined, depth: number): void => {
    values++;
    if (typeof v === 'number') {
      if (Number.isFinite(v)) return;
      if (nonFinite.length >= MAX_NON_FINITE) {
        nonFiniteMore++;
        return;
      }
      const why = Number.isNaN(v) ? 'NaN' : `${v} (a number beyond ±1.8e308 reads as Infinity)`;
      nonFinite.push({ path: pathOf(parent, key), message: `must be a finite number, got ${why}` });
    } else if (typeof v === 'object' && v !== null) {
      if (depth > maxDepth) fatal.push({ path: pathOf(parent, key), message: `nested too deep: more than ${maxDepth} levels of objects and arrays` });
      else frames.push({ value: v, parent, key: key ?? '$', depth });
    } else if (typeof v !== 'string' && typeof v !== 'boolean' && v !== null) {
      fatal.push({ path: pathOf(parent, key), message: `must be JSON data, got ${typeof v}` });
    }
  };
  visit(root, -1, undefined, 1);
  // Breadth first: the frames list is the queue, and it keeps each container's parent so a
  // path is spelled out only for a problem.
  for (let f = 0; f < frames.length && fatal.length === 0; f++) {
    const { value, depth } = frames[f]!;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) visit(value[i], f, i, depth + 1);
    } else {
      for (const k of Object.keys(value)) visit((value as Record<string, unknown>)[k], f, k, depth + 1);
    }
    if (values > maxValues) fatal.push({ path: '$', message: `too large: more than ${maxValues.toLocaleString('en')} values` });
  }
  if (fatal.length) return { issues: fatal, safe: false };
  if (nonFiniteMore) nonFinite.push({ path: '$', message: `and ${nonFiniteMore} more numbers that are not finite` });
  return { issues: nonFinite, safe: true };
}

/** A key as a JSON path step, as scenario paths spell it: .name, .ffmpeg-0 or ["odd key"]. */
function defaultKeyStep(key: string): string {
  return /^[A-Za-z_$][\w$-]*$/.test(key) ? `.${key}` : `[${excerpt(key)}]`;
}
