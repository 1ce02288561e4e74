// JSON that keeps every number. Worker threads hand results over by structured clone,
// which keeps NaN (a percentile with no successes), ±Infinity and -0; plain JSON would
// turn the first three into null and -0 into 0. A remote shard's result must come back
// bit for bit, so those values travel tagged: {"$number": "NaN" | "Infinity" | "-Infinity" | "-0"}.
const TAG = '$number';
const SPECIAL = new Map<string, number>([['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity], ['-0', -0]]);

function tagOf(x: number): string | null {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (Object.is(x, -0)) return '-0';
  return null;
}

/** A copy of `value` that JSON.stringify keeps exactly (plain data: objects, arrays, numbers, ...). */
export function toWire(value: unknown): unknown {
  if (typeof value === 'number') {
    const tag = tagOf(value);
    return tag === null ? value : { [TAG]: tag };
  }
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    if (TAG in value) throw new Error(`toWire: an object already has the reserved key '${TAG}'`);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v);
    return out;
  }
  return value;
}

/** The inverse of toWire, on parsed JSON. */
export function fromWire(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromWire);
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    if (TAG in obj) {
      const tag = obj[TAG];
      if (Object.keys(obj).length !== 1 || typeof tag !== 'string' || !SPECIAL.has(tag)) {
        throw new Error(`fromWire: bad tagged number ${JSON.stringify(obj)} (expected {"${TAG}": one of ${[...SPECIAL.keys()].join(', ')}})`);
      }
      return SPECIAL.get(tag);
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) out[k] = fromWire(v);
    return out;
  }
  return value;
}
