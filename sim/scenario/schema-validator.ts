// Validates JSON against the project's schemas with ajv and turns ajv's errors into
// ConfigIssues a person can act on: one per problem, the JSON path, the expectation, and
// the value found. Schema combinators (if/then, oneOf branches) produce noise in ajv's
// raw output; it is filtered here so the message names the real problem.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { Ajv2020, ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { familyNames } from '../dist/registry.ts';
import { unknownKey } from '../input/did-you-mean.ts';
import { type ConfigIssue, pointerToPath } from './errors.ts';
import { STATE_TYPES } from '../workflow/asl.ts';
import { PRECOMPILED } from './precompiled-validators.ts';

const schemaDir = fileURLToPath(new URL('../../schemas/', import.meta.url));
let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

function loadSchema(file: string): Record<string, unknown> {
  return JSON.parse(readFileSync(schemaDir + file, 'utf8')) as Record<string, unknown>;
}

/** The options every validator is compiled with; scripts/build-cli.mjs precompiles with the same. */
export const AJV_OPTIONS = { allErrors: true, strict: false, discriminator: true, useDefaults: false, verbose: true } as const;

function getAjv(): Ajv2020 {
  if (!ajv) {
    // Loaded on first use: a bundled CLI has its validators precompiled and never needs it
    // (ajv's own loading is ~30 ms of a start).
    const { Ajv2020 } = createRequire(import.meta.url)('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
    ajv = new Ajv2020({ ...AJV_OPTIONS });
    ajv.addSchema(loadSchema('distribution.schema.json'));
    ajv.addSchema(loadSchema('workflow.schema.json')); // a scenario may hold its workflow inline
  }
  return ajv;
}

/** Returns the validator for `schemas/<file>`, compiled once. */
export function validatorFor(file: string): ValidateFunction {
  let v = compiled.get(file) ?? PRECOMPILED[file];
  if (!v) {
    const a = getAjv();
    const schema = loadSchema(file);
    const id = schema.$id as string | undefined;
    v = (id && a.getSchema(id)) || a.compile(schema);
    compiled.set(file, v);
  }
  return v;
}

export function validateAgainst(file: string, data: unknown): ConfigIssue[] {
  const validate = validatorFor(file);
  if (validate(data)) return [];
  return toIssues(validate.errors ?? [], data);
}

function valueAt(data: unknown, pointer: string): unknown {
  let cur: unknown = data;
  for (const raw of pointer.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

export function toIssues(errors: ErrorObject[], data: unknown): ConfigIssue[] {
  // Drop combinator summaries when a more specific error exists at or below that path.
  const specific = errors.filter((e) => !['if', 'oneOf', 'anyOf', 'allOf'].includes(e.keyword));
  const kept = errors.filter((e) => {
    if (e.keyword === 'if' || e.keyword === 'allOf') return false;
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf') {
      return !specific.some((s) => s.instancePath.startsWith(e.instancePath));
    }
    return true;
  });
  const issues: ConfigIssue[] = [];
  const seen = new Set<string>();
  for (const e of kept) {
    const issue = describe(e, data);
    const key = issue.path + '\u0000' + issue.message;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues;
}

function describe(e: ErrorObject, data: unknown): ConfigIssue {
  const path = pointerToPath(e.instancePath);
  const value = valueAt(data, e.instancePath);
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
    {
      const known = allowedKeys(e);
      return { path, message: unknownKey(String(p.additionalProperty), known, known.filter((k) => k !== '$schema')) };
    }
    case 'required':
      return { path, message: `missing required key '${String(p.missingProperty)}'` };
    case 'enum':
      return { path, message: `must be one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`, value };
    case 'const':
      return { path, message: `must be ${JSON.stringify(p.allowedValue)}`, value };
    case 'type':
      return { path, message: `must be ${String(p.type)}`, value };
    case 'discriminator':
      // Two schemas switch on a tag: a distribution's `type`, a workflow state's `Type`.
      return { path, message: `'${String(p.tag)}' must be one of: ${(p.tag === 'Type' ? STATE_TYPES : familyNames()).join(', ')}`, value };
    default:
      return { path, message: e.message ?? e.keyword, value };
  }
}

/** The keys the object takes (its schema's properties; ajv's verbose errors carry the schema). */
function allowedKeys(e: ErrorObject): string[] {
  const props = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props) : [];
}
