// What a JSON file in a results directory is, checked as far as the viewer relies on it.
// A file that fails is still listed, with the reason, so one bad file never hides the rest.
import { parseProfile } from '../../sim/profile/load.ts';
import { CALIBRATION_FORMAT } from '../../sim/profile/types.ts';
import { RESULT_FORMAT } from '../../sim/run/result.ts';

export type FileKind = 'simulation' | 'profile' | 'validation' | 'unknown';

export interface Classification {
  kind: FileKind;
  title?: string; // scenario name, or the profile's source and date
  variants?: string[];
  error?: string; // why the file can't be shown; absent when it can
}

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The first field a result lacks for the views, as a JSON path and what was expected, or null. */
export function resultProblem(json: Record<string, unknown>): string | null {
  if (json['kind'] !== 'simulation') return `$.kind: must be "simulation", got ${JSON.stringify(json['kind'])}`;
  if (!isObject(json['scenario']) || typeof json['scenario']['name'] !== 'string') return '$.scenario.name: must be a string';
  const variants = json['variants'];
  if (!Array.isArray(variants) || variants.length === 0) return '$.variants: must be a non-empty array';
  for (const [i, v] of variants.entries()) {
    const at = `$.variants[${i}]`;
    if (!isObject(v)) return `${at}: must be an object`;
    if (typeof v['name'] !== 'string') return `${at}.name: must be a string`;
    for (const key of ['summary', 'histograms', 'timeSeries']) if (!isObject(v[key])) return `${at}.${key}: must be an object`;
    const summary = v['summary'] as Record<string, unknown>;
    for (const key of ['latency', 'outcomes', 'functions', 'cost']) if (!isObject(summary[key])) return `${at}.summary.${key}: must be an object`;
    const h = v['histograms'] as Record<string, unknown>;
    if (!isObject(h['e2e']) || !Array.isArray(h['e2e']['counts'])) return `${at}.histograms.e2e.counts: must be an array`;
    if (!isObject(h['functions'])) return `${at}.histograms.functions: must be an object`;
    const ts = v['timeSeries'] as Record<string, unknown>;
    if (!Array.isArray(ts['t']) || !isObject(ts['functions'])) return `${at}.timeSeries: must have t[] and functions`;
    if (!Array.isArray(v['spans'])) return `${at}.spans: must be an array`;
  }
  return null;
}

export function classify(json: unknown): Classification {
  if (!isObject(json)) return { kind: 'unknown', error: '$: must be a JSON object' };
  const format = json['format'];
  if (format === RESULT_FORMAT && json['kind'] === 'validation') return { kind: 'validation', title: titleOf(json) };
  if (typeof format === 'string' && format.startsWith('fave.validation/')) return { kind: 'validation', title: titleOf(json) };
  if (format === RESULT_FORMAT) {
    const problem = resultProblem(json);
    if (problem) return { kind: 'simulation', error: problem };
    const variants = (json['variants'] as { name: string }[]).map((v) => v.name);
    return { kind: 'simulation', title: (json['scenario'] as { name: string }).name, variants };
  }
  if (format === CALIBRATION_FORMAT) {
    try {
      const p = parseProfile(json, 'profile');
      return { kind: 'profile', title: `${p.measured.source} ${p.measured.date}`, variants: Object.keys(p.stages) };
    } catch (e) {
      return { kind: 'profile', error: (e as Error).message };
    }
  }
  return {
    kind: 'unknown',
    error: `$.format: expected "${RESULT_FORMAT}" or "${CALIBRATION_FORMAT}", got ${JSON.stringify(format)}`,
  };
}

function titleOf(json: Record<string, unknown>): string | undefined {
  const s = json['scenario'];
  return isObject(s) && typeof s['name'] === 'string' ? s['name'] : undefined;
}
