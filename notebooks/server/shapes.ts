// Shape checks for the two formats without a JSON schema: sweep results
// (fave.sweep-result/v1, sim/sweep/types.ts) and validation scorecards (fave.validation/v2,
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

function typedArray(obj: Json, path: string, key: string, type: 'number|null' | 'string'): void {
  const [v, p] = array(obj, path, key);
  v.forEach((_, i) => typed(v, p, i, type));
}

function counts(obj: Json, path: string, key: string): void {
  const [v, p] = object(obj, path, key);
  for (const k of Object.keys(v)) typed(v, p, k, 'number|null');
}

/** One scored subject (end to end, or a function): n, percentiles, distances against the floor, verdict. */
function subject(obj: Json, path: string, key: string): void {
  const [s, p] = object(obj, path, key);
  const [n, np] = object(s, p, 'n');
  typedArray(n, np, 'live', 'number|null');
  typed(n, np, 'sim', 'number|null');
  for (const side of ['live', 'sim']) {
    const [v, vp] = object(s, p, side);
    for (const q of ['p50', 'p95']) typed(v, vp, q, 'number|null');
  }
  const [d, dp] = object(s, p, 'distances');
  for (const m of ['p50', 'p95', 'ks', 'w1']) {
    const [x, xp] = object(d, dp, m);
    for (const k of ['sim', 'distance', 'floor']) typed(x, xp, k, 'number|null');
  }
  typedArray(s, p, 'judgedOn', 'string');
  typed(s, p, 'verdict', 'string');
}

/** A replay's block of the scorecard. */
function block(obj: Json, path: string, key: string): void {
  const [b, bp] = object(obj, path, key);
  typed(b, bp, 'match', 'boolean');
  const [checks, cp] = array(b, bp, 'checks', true);
  checks.forEach((_, i) => {
    const [c, p] = at(checks, cp, i);
    typed(c, p, 'name', 'string');
    typed(c, p, 'value', 'number|string|null');
    typed(c, p, 'threshold', 'string');
    typed(c, p, 'pass', 'boolean');
  });
  subject(b, bp, 'e2e');
  const [fns, fp] = object(b, bp, 'functions');
  for (const fn of Object.keys(fns)) subject(fns, fp, fn);
  const [cold, colp] = object(b, bp, 'coldStarts');
  typed(cold, colp, 'live', 'number|null');
  typed(cold, colp, 'sim', 'number|null');
  const [byStage, sp] = object(cold, colp, 'byStage');
  for (const fn of Object.keys(byStage)) {
    const [x, p] = object(byStage, sp, fn);
    typed(x, p, 'live', 'number|null');
    typed(x, p, 'sim', 'number|null');
  }
  const [outcomes, op] = array(b, bp, 'outcomes', true);
  outcomes.forEach((_, i) => {
    const [, p] = at(outcomes, op, i);
    counts(outcomes[i], p, 'live');
    counts(outcomes[i], p, 'sim');
  });
}

/** The first way a validation scorecard breaks what the validation page reads, or null. */
export function validationProblem(json: Record<string, Json>): string | null {
  return run(() => {
    if (json['format'] !== 'fave.validation/v2') throw new ShapeError(`$.format: this viewer reads "fave.validation/v2", got ${JSON.stringify(json['format'])}`);
    typed(json, '$', 'scenario', 'string');
    typed(json, '$', 'match', 'boolean');
    typedArray(json, '$', 'runs', 'string');
    const [method, mp] = object(json, '$', 'method');
    typed(method, mp, 'alpha', 'number');
    const [floor, fp] = object(method, mp, 'floor');
    typed(floor, fp, 'method', 'string');
    const [replays, rp] = object(json, '$', 'replays');
    block(replays, rp, 'withoutTrace');
    if (replays['withTrace'] !== undefined) block(replays, rp, 'withTrace');
  });
}
