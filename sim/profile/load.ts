// Reads and validates calibration profiles (fave.calibration/v1). The JSON Schema is the
// source of truth for shape (ajv, all errors collected, unknown keys rejected); the
// distribution registry then checks what a schema cannot (e.g. mixture weights sum > 0).
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import distributionSchema from '../../schemas/distribution.schema.json' with { type: 'json' };
import calibrationSchema from '../../schemas/calibration.schema.json' with { type: 'json' };
import { CALIBRATION_FORMAT, type CalibrationProfile, type Fit } from './types.ts';
import { createDistribution, DistributionSpecError, familyNames } from '../dist/registry.ts';
import { ProfileError, type ProfileIssue } from './profile-error.ts';
import { checkValue } from '../input/check-value.ts';
import { excerpt, preview } from '../input/excerpt.ts';
import { unknownKey } from '../input/did-you-mean.ts';
import { readJsonFile } from '../input/read-json.ts';
import { wrongKind } from '../input/format-check.ts';
import { PRECOMPILED_PROFILE } from '../scenario/precompiled-validators.ts';

export { ProfileError, type ProfileIssue } from './profile-error.ts';

/** The options the profile's validator is compiled with (the bundles precompile it: scripts/build-cli.mjs).
 * verbose: an error carries its schema, so an unknown key can be told the keys there are. */
export const PROFILE_AJV_OPTIONS = { allErrors: true, strict: true, discriminator: true, verbose: true } as const;

let validator: ValidateFunction | undefined = PRECOMPILED_PROFILE ?? undefined;

function validate(): ValidateFunction {
  if (!validator) {
    // Loaded on first use, as in schema-validator.ts: the bundles have this validator precompiled.
    const { Ajv2020 } = createRequire(import.meta.url)('ajv/dist/2020.js') as typeof import('ajv/dist/2020.js');
    const ajv = new Ajv2020({ ...PROFILE_AJV_OPTIONS });
    ajv.addSchema(distributionSchema);
    validator = ajv.compile(calibrationSchema);
  }
  return validator;
}

export interface LoadProfileOptions {
  /** Accept a profile whose `status` is "incomplete" (./fave sim --allow-incomplete). */
  allowIncomplete?: boolean;
}

/** An interrupted or failed calibration's profile (`"status": "incomplete"`), refused by default:
 * its fits cover only the calls that finished, often not every step or stage. */
export class IncompleteProfileError extends ProfileError {
  constructor(source: string) {
    super(source, [{ path: '$.status', message: 'must not be "incomplete"' }]);
    this.message = `${source}: an incomplete calibration profile ("status": "incomplete": the calibration was interrupted or failed, ` +
      'and its fits cover only what finished). Resume the calibration (./fave calibrate with the same --work-dir) to complete it, ' +
      'or pass --allow-incomplete to ./fave sim to use it anyway';
    this.name = 'IncompleteProfileError';
  }
}

/** Reads a profile file; every failure (missing file, bad JSON, bad content, an incomplete
 * profile unless allowed) is a ProfileError. Bounded as every input file is (sim/input): its
 * size, and what an error may quote of it. */
export async function loadProfile(path: string, options: LoadProfileOptions = {}): Promise<CalibrationProfile> {
  const read = readJsonFile(path, 'profile');
  if ('issue' in read) throw new ProfileError(path, [read.issue]);
  const profile = parseProfile(read.value, path);
  if (profile.status === 'incomplete' && !options.allowIncomplete) throw new IncompleteProfileError(path);
  return profile;
}

/** Validates already-parsed JSON; `source` names it in errors (a file path, 'inline', ...). */
export function parseProfile(json: unknown, source: string): CalibrationProfile {
  // Depth and non-finite numbers first: ajv recurses, and lets Infinity through `number`.
  const checked = checkValue(json, { keyStep: key });
  if (!checked.safe) throw new ProfileError(source, checked.issues);
  const wrong = wrongKind(json, CALIBRATION_FORMAT, 'calibration');
  if (wrong) throw new ProfileError(source, [wrong]);
  const check = validate();
  if (!check(json) || checked.issues.length) {
    const nonFinite = new Set(checked.issues.map((i) => i.path).filter((p) => p !== '$')); // '$': the count past the first thousand
    const schemaIssues = (check.errors ?? []).map((e) => describe(e, json)).filter((i) => !nonFinite.has(i.path));
    throw new ProfileError(source, [...checked.issues, ...schemaIssues]);
  }
  const profile = json as CalibrationProfile;
  const issues: ProfileIssue[] = [];
  const visit = (fit: Fit | undefined, path: string): void => {
    if (!fit) return;
    buildAt(fit.dist, `${path}.dist`, issues);
    fit.candidates?.forEach((c, i) => buildAt(c.dist, `${path}.candidates[${i}].dist`, issues));
  };
  for (const [name, stage] of Object.entries(profile.stages)) {
    const at = `$.stages${key(name)}`;
    for (const part of ['warm', 'cpu', 'containerStart', 'init', 'firstCall'] as const) visit(stage[part], `${at}.${part}`);
  }
  if (profile.fanout) {
    visit(profile.fanout.clipsPerVideo, '$.fanout.clipsPerVideo');
    visit(profile.fanout.framesPerClip, '$.fanout.framesPerClip');
  }
  for (const [name, fit] of Object.entries(profile.overheads ?? {})) visit(fit, `$.overheads.${name}`);
  if (issues.length > 0) throw new ProfileError(source, issues);
  return profile;
}

function buildAt(spec: unknown, path: string, issues: ProfileIssue[]): void {
  try {
    createDistribution(spec, path);
  } catch (e) {
    if (!(e instanceof DistributionSpecError)) throw e;
    issues.push({ path: e.path, message: e.message.slice(e.path.length + 2) });
  }
}

/** `.name` or `["odd name"]`, as a JSON path step. */
function key(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${excerpt(name)}]`;
}

/** JSON pointer (/stages/ffmpeg-0/warm) → JSON path ($.stages["ffmpeg-0"].warm). */
function toPath(pointer: string): string {
  if (pointer === '') return '$';
  return '$' + pointer.slice(1).split('/').map((raw) => {
    const step = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    return /^\d+$/.test(step) ? `[${step}]` : key(step);
  }).join('');
}

function valueAt(json: unknown, pointer: string): unknown {
  let v = json;
  for (const raw of pointer === '' ? [] : pointer.slice(1).split('/')) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<string, unknown>)[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return v;
}

function show(v: unknown): string {
  return v === undefined ? 'nothing' : preview(v);
}

function describe(e: ErrorObject, json: unknown): ProfileIssue {
  const path = toPath(e.instancePath);
  const got = `got ${show(valueAt(json, e.instancePath))}`;
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'additionalProperties':
      return { path, message: unknownKey(String(p['additionalProperty']), Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {})) };
    case 'required':
      return { path, message: `missing required key '${String(p['missingProperty'])}'` };
    case 'const':
      return { path, message: `must be ${JSON.stringify(p['allowedValue'])}, ${got}` };
    case 'discriminator':
      return {
        path: `${path}.type`,
        message: `must be one of ${familyNames().join(', ')}, got ${show(p['tagValue'] ?? valueAt(json, `${e.instancePath}/type`))}`,
      };
    default:
      return { path, message: `${e.message ?? e.keyword}, ${got}` };
  }
}
