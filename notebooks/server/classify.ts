// What a JSON file in a results directory is, checked as far as the viewer relies on it.
// A file that fails is still listed, with the reason, so one bad file never hides the rest.
import { parseProfile } from '../../sim/profile/load.ts';
import { CALIBRATION_FORMAT } from '../../sim/profile/types.ts';
import { RESULT_FORMAT } from '../../sim/run/result.ts';
import { validateAgainst } from '../../sim/scenario/schema-validator.ts';
import { SWEEP_RESULT_FORMAT } from '../../sim/sweep/types.ts';
import { sweepProblem, validationProblem } from './shapes.ts';

/** 'simulation' and 'live' are both results (fave.result/v1), from `./fave sim` and `./fave live run`;
 * 'sweep' is `./fave sweep`'s result, 'validation' `./fave validate`'s scorecard. */
export type FileKind = 'simulation' | 'live' | 'profile' | 'sweep' | 'validation' | 'unknown';

export interface Classification {
  kind: FileKind;
  title?: string; // scenario name (a sweep's own name), or the profile's source and date
  variants?: string[];
  error?: string; // why the file can't be shown; absent when it can
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The first way a result breaks the published contract (schemas/result.schema.json), as
 * a JSON path and what was expected, or null. The views rely on nothing the schema lacks. */
export function resultProblem(json: Record<string, unknown>): string | null {
  const issues = validateAgainst('result.schema.json', json);
  if (!issues.length) return null;
  const first = issues[0]!;
  return `${first.path}: ${first.message}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`;
}

export function classify(json: unknown): Classification {
  if (!isObject(json)) return { kind: 'unknown', error: '$: must be a JSON object' };
  const format = json['format'];
  if ((format === RESULT_FORMAT && json['kind'] === 'validation') || (typeof format === 'string' && format.startsWith('fave.validation/'))) {
    return withProblem({ kind: 'validation', title: titleOf(json) }, validationProblem(json));
  }
  if (format === SWEEP_RESULT_FORMAT) {
    const problem = sweepProblem(json);
    if (problem) return { kind: 'sweep', title: titleOf(json), error: problem };
    const sweep = json['sweep'] as { name: string };
    const points = (json['points'] as unknown[]).length;
    return { kind: 'sweep', title: `${sweep.name} (${titleOf(json) ?? 'scenario'})`, variants: [`${points} points`] };
  }
  if (format === RESULT_FORMAT) {
    const kind = json['kind'] === 'live' ? 'live' : 'simulation';
    const problem = resultProblem(json);
    if (problem) return { kind, error: problem };
    const variants = (json['variants'] as { name: string }[]).map((v) => v.name);
    return { kind, title: (json['scenario'] as { name: string }).name, variants };
  }
  if (format === CALIBRATION_FORMAT) {
    try {
      const p = parseProfile(json, 'profile');
      return { kind: 'profile', title: `${p.measured.source} ${p.measured.date}${p.status === 'incomplete' ? ' (incomplete)' : ''}`, variants: Object.keys(p.stages) };
    } catch (e) {
      return { kind: 'profile', error: (e as Error).message };
    }
  }
  return {
    kind: 'unknown',
    error: `$.format: expected one of ${READABLE.map((f) => `"${f}"`).join(', ')}, got ${JSON.stringify(format)}`,
  };
}

const READABLE = [RESULT_FORMAT, CALIBRATION_FORMAT, SWEEP_RESULT_FORMAT, 'fave.validation/v2'];

function withProblem(c: Classification, problem: string | null): Classification {
  return problem ? { ...c, error: problem } : c;
}

/** A sweep echoes its base scenario as an object; a scorecard names it with a string. */
function titleOf(json: Record<string, unknown>): string | undefined {
  const s = json['scenario'];
  if (typeof s === 'string') return s;
  return isObject(s) && typeof s['name'] === 'string' ? s['name'] : undefined;
}
