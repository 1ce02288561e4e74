// Several run dirs given to validate must be repeats: the same scenario, run again. Only the
// name and the seed may differ (a repeat is often saved under a new name, and a live run's
// seed only drives its own arrivals' draws); anything else (rate, platform, pipeline)
// would make the live-against-live distances a comparison of two scenarios, not noise.
import path from 'node:path';
import { InputError } from '../errors.ts';
import type { RunData } from './run-dir.ts';

/** The first JSON pointer where a and b differ, with the two values; null when equal. */
function firstDifference(a: unknown, b: unknown, at = ''): { at: string; a: unknown; b: unknown } | null {
  if (a === b) return null;
  if (a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) {
      const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}/${k}`);
      if (d) return d;
    }
    return null;
  }
  return { at: at || '/', a, b };
}

const comparable = (run: RunData) => {
  const { name: _n, seed: _s, ...rest } = run.scenario;
  return rest;
};

/** Throws an InputError naming both scenario files and the first field that differs. */
export function checkRepeats(runs: readonly RunData[]): void {
  const first = runs[0]!;
  for (const run of runs.slice(1)) {
    const d = firstDifference(comparable(first), comparable(run));
    if (d) {
      const file = (r: RunData) => path.join(r.dir, 'scenario.json');
      throw new InputError(`${file(first)} and ${file(run)} differ at ${d.at} (${JSON.stringify(d.a)} against ${JSON.stringify(d.b)}): repeats must run the same scenario; only name and seed may differ`);
    }
  }
}
