// The JSONPath subset the live interpreter moves data with (docs/workflows.md, "Running a
// workflow live"): `$` (the whole value) and `$.a.b` (fields by name, each an identifier).
// Step Functions' reference paths allow more (`$['a b']`, `$.a[0]`); a path outside this
// subset is refused when the request is read (request.ts), never half-understood at run time.

/** A reference path, parsed: the field names after `$` (none: the whole value). */
export type FieldPath = readonly string[];

const FIELD = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** The fields of `$`, `$.a` or `$.a.b`, or null when the path is outside the subset. */
export function parseFieldPath(path: string): FieldPath | null {
  if (path === '$') return [];
  if (!path.startsWith('$.')) return null;
  const fields = path.slice(2).split('.');
  return fields.length <= 32 && fields.every((f) => FIELD.test(f)) ? fields : null;
}

/** What `path` selects in `value`; `missing` when a field is absent or a step is no object. */
export function select(value: unknown, path: FieldPath): { found: true; value: unknown } | { found: false; at: string } {
  let v = value;
  for (let i = 0; i < path.length; i++) {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || !Object.hasOwn(v, path[i]!)) {
      return { found: false, at: `$.${path.slice(0, i + 1).join('.')}` };
    }
    v = (v as Record<string, unknown>)[path[i]!];
  }
  return { found: true, value: v };
}

/**
 * `value` with `result` placed at `path` (ASL's ResultPath): `$` replaces the whole value;
 * `$.a.b` copies the objects along the way (the input is never changed in place, since a
 * Parallel's branches share it) and creates the missing ones. Undefined (no JSON value) when
 * a step is a value that is not an object, which ASL makes a run-time error too.
 */
export function place(value: unknown, path: FieldPath, result: unknown): unknown {
  if (path.length === 0) return result;
  if (!isObject(value)) return undefined;
  const root: Record<string, unknown> = { ...value };
  let at = root;
  for (let i = 0; i < path.length - 1; i++) {
    const next = at[path[i]!];
    if (next !== undefined && !isObject(next)) return undefined;
    const copy = { ...(next as Record<string, unknown> | undefined) };
    at[path[i]!] = copy;
    at = copy;
  }
  at[path[path.length - 1]!] = result;
  return root;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
