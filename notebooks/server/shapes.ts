// Shape checks for the two formats without a JSON schema: sweep results
// (fave.sweep-result/v1, sim/sweep/types.ts) and validation scorecards (fave.validation/v1,
// calibrate/validate/score.ts). They check what the pages read, nothing more, and name the
// first field that is wrong by its JSON path, as the result schema's messages do.
// NaN and ±Infinity are written as null by JSON.stringify (a point without successful
// requests has no p95), so a number field may also be null where the writer can produce one.

type Json = unknown;
const isObject = (x: Json): x is Record<string, Json> => typeof x === 'object' && x !== null && !Array.isArray(x);

class ShapeError extends Error {}

function at(obj: Json, path: string, key: string | number): [Json, string] {
  const p = typeof key === 'number' ? `${path}[${key}]` : `${path}.${key}`;
  if (!isObject(obj) && !Array.isArray(obj)) throw new ShapeError(`${path}: must be an object`);
  const v = (obj as Record<string | number, Json>)[key];
  if (v === undefined) throw new ShapeError(`${path}: missing required key '${key}'`);
  return [v, p];
}

function object(obj: Json, path: string, key: string): [Record<string, Json>, string] {
  const [v, p] = at(obj, path, key);
  if (!isObject(v)) throw new ShapeError(`${p}: must be an object`);
  return [v, p];
}

function array(obj: Json, path: string, key: string, nonEmpty = false): [Json[], string] {
  const [v, p] = at(obj, path, key);
  if (!Array.isArray(v)) throw new ShapeError(`${p}: must be an array`);
  if (nonEmpty && !v.length) throw new ShapeError(`${p}: must not be empty`);
  return [v, p];
}

function typed(obj: Json, path: string, key: string | number, type: 'string' | 'boolean' | 'number' | 'number|null' | 'number|string|null'): void {
  const [v, p] = at(obj, path, key);
  const ok = type.split('|').some((t) => (t === 'null' ? v === null : typeof v === t));
  if (!ok) throw new ShapeError(`${p}: must be ${type.replaceAll('|', ' or ')}, got ${JSON.stringify(v)}`);
}

/** An Estimate {mean, lo, hi, n}; mean may be null (NaN: nothing to average). */
function estimate(obj: Json, path: string, key: string): void {
  const [e, p] = object(obj, path, key);
  for (const k of ['mean', 'lo', 'hi']) typed(e, p, k, 'number|null');
  typed(e, p, 'n', 'number');
}

function run(check: () => void): string | null {
  try {
    check();
    return null;
  } catch (e) {
    if (e instanceof ShapeError) return e.message;
    throw e;
  }
}

/** The first way a sweep result breaks what the sweep page reads, or null. */
export function sweepProblem(json: Record<string, Json>): string | null {
  return run(() => {
    const [sweep, sp] = object(json, '$', 'sweep');
    typed(sweep, sp, 'name', 'string');
    const [objective, op] = object(json, '$', 'objective');
    typed(objective, op, 'latency', 'string');
    typed(objective, op, 'cost', 'string');
    typed(objective, op, 'slo', 'number|null');
    const [points, pp] = array(json, '$', 'points', true);
    points.forEach((_, i) => {
      const [point, p] = at(points, pp, i);
      typed(point, p, 'index', 'number');
      object(point, p, 'overrides');
      typed(point, p, 'pareto', 'boolean');
      const [objectives, ob] = object(point, p, 'objectives');
      typed(objectives, ob, 'cost', 'number|null');
      typed(objectives, ob, 'service', 'number|null');
      const [m, mp] = object(point, p, 'metrics');
      estimate(m, mp, 'successRate');
      estimate(m, mp, 'coldStarts');
      const [lat, lp] = object(m, mp, 'latency');
      for (const q of ['p50', 'p95', 'p99']) estimate(lat, lp, q);
      const [cost, cp] = object(m, mp, 'cost');
      for (const c of ['replicaGBs', 'busyGBs', 'invocationGBs']) estimate(cost, cp, c);
    });
    const [front, fp] = array(json, '$', 'pareto');
    const indices = new Set(points.map((p) => (p as { index: number }).index));
    front.forEach((i, k) => {
      if (!indices.has(i as number)) throw new ShapeError(`${fp}[${k}]: ${JSON.stringify(i)} is not the index of a point`);
    });
  });
}

function percentiles(obj: Json, path: string, key: string, withN: boolean): void {
  const [v, p] = object(obj, path, key);
  if (withN) typed(v, p, 'n', 'number');
  for (const q of ['p50', 'p95']) typed(v, p, q, 'number|null');
}

function counts(obj: Json, path: string, key: string): void {
  const [v, p] = object(obj, path, key);
  for (const k of Object.keys(v)) typed(v, p, k, 'number|null');
}

/** The first way a validation scorecard breaks what the validation page reads, or null. */
export function validationProblem(json: Record<string, Json>): string | null {
  return run(() => {
    if (json['format'] !== 'fave.validation/v1') throw new ShapeError(`$.format: this viewer reads "fave.validation/v1", got ${JSON.stringify(json['format'])}`);
    typed(json, '$', 'scenario', 'string');
    typed(json, '$', 'match', 'boolean');
    const [checks, cp] = array(json, '$', 'checks', true);
    checks.forEach((_, i) => {
      const [c, p] = at(checks, cp, i);
      typed(c, p, 'name', 'string');
      typed(c, p, 'value', 'number|string|null');
      typed(c, p, 'threshold', 'string');
      typed(c, p, 'pass', 'boolean');
    });
    const [e2e, ep] = object(json, '$', 'e2e');
    for (const side of ['live', 'sim']) {
      percentiles(e2e, ep, side, true);
      typed(e2e[side], `${ep}.${side}`, 'p99', 'number|null');
    }
    const [stages, sp] = object(json, '$', 'stages');
    for (const fn of Object.keys(stages)) {
      const [, p] = object(stages, sp, fn);
      percentiles(stages[fn], p, 'live', true);
      percentiles(stages[fn], p, 'sim', false);
    }
    const [cold, colp] = object(json, '$', 'coldStarts');
    typed(cold, colp, 'live', 'number|null');
    typed(cold, colp, 'sim', 'number|null');
    const [byStage, bp] = object(cold, colp, 'byStage');
    for (const fn of Object.keys(byStage)) {
      const [s, p] = object(byStage, bp, fn);
      typed(s, p, 'live', 'number|null');
      typed(s, p, 'sim', 'number|null');
    }
    const [outcomes, outp] = object(json, '$', 'outcomes');
    counts(outcomes, outp, 'live');
    counts(outcomes, outp, 'sim');
  });
}
