// Arbitraries for fuzzing the input loaders: a shipped file with one value replaced,
// removed or added somewhere in it, by what a careless edit or a hostile file could hold
// (non-finite and huge numbers, wrong types, deep nesting, prototype keys), and its text
// cut, spliced or flipped.
import fc from 'fast-check';

/** A value nested `depth` levels deep, as arrays or objects. */
export function nested(depth: number, inObjects = false): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = inObjects ? { a: v } : [v];
  return v;
}

/** Values that have broken a loader, or could. */
export const evilValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    Infinity, -Infinity, NaN, 1e308, -1e308, 2 ** 53 + 1, 1e21, -1e21, 0, -0, -1, 5e-324, 1e-300, 0.5, 1, 2, 3.7, 1e9, 1e10, 4294967296,
    '', 'x'.repeat(10_000), '\u001b[2J', 'constant', 'lambda', 'parallel', '/__proto__/x', null, true, false, [], {}, [[[[]]]], { type: 'constant', value: 1 },
    { type: 'weibull', shape: 1e-9, scale: 1e9 }, { type: 'gamma', shape: 1, scale: 1e21 }, { type: 'lognormal', mu: 700, sigma: 1 },
  ),
  fc.jsonValue({ maxDepth: 3 }),
  fc.double(),
  fc.integer(),
  fc.integer({ min: 60, max: 300 }).map((d) => nested(d)),
);

type Slot = { parent: Record<string, unknown> | unknown[]; key: string | number };

/** Every place in `root` a value sits, container by container (no recursion). */
function slots(root: unknown): Slot[] {
  const out: Slot[] = [];
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) v.forEach((x, i) => (out.push({ parent: v, key: i }), stack.push(x)));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push({ parent: v as Record<string, unknown>, key: k }), stack.push(x);
  }
  return out;
}

/** `base` (a JSON value) with 1 to 3 edits: a value replaced or removed, a key added, or a
 * number scaled (which mostly keeps the file valid, and so reaches the model). */
export function mutated(base: unknown): fc.Arbitrary<unknown> {
  const edit = fc.tuple(
    fc.nat(),
    fc.constantFrom('replace', 'remove', 'add', 'scale', 'scale', 'scale', 'scale'),
    evilValue,
    fc.constantFrom('extra', '__proto__', 'constructor', 'type', 'count', 'rate', 'horizon'),
    fc.constantFrom(0, 1e-6, 0.001, 0.1, 0.5, 2, 3, 10, 100, 1000, 1e6, -1),
  );
  return fc.array(edit, { minLength: 1, maxLength: 3 }).map((edits) => {
    const copy = JSON.parse(JSON.stringify(base)) as unknown;
    for (const [at, kind, value, key, factor] of edits) {
      const all = slots(copy);
      if (all.length === 0) return value;
      const { parent, key: k } = all[at % all.length]!;
      const old = (parent as Record<string | number, unknown>)[k];
      if (kind === 'scale') {
        if (typeof old === 'number') (parent as Record<string | number, unknown>)[k] = Number.isInteger(old) ? Math.round(old * factor) : old * factor;
      }
      else if (kind === 'replace') (parent as Record<string | number, unknown>)[k] = value;
      else if (kind === 'remove') Array.isArray(parent) ? parent.splice(k as number, 1) : delete (parent as Record<string, unknown>)[k as string];
      else if (!Array.isArray(parent)) Object.defineProperty(parent, key, { value, enumerable: true, writable: true, configurable: true });
    }
    return copy;
  });
}

/** `text` cut short, with a piece spliced in, or with a character changed. */
export function mangled(text: string): fc.Arbitrary<string> {
  const junk = fc.constantFrom('', ',', '}', ']', '{', '[', '"', ':', '\\', '\u0000', '\u001b[2J', '1e999', '-', 'NaN', '[' .repeat(1000), '\ufeff', '\ud800');
  return fc.tuple(fc.nat(), fc.nat({ max: 20 }), junk).map(([at, cut, piece]) => {
    const i = at % (text.length + 1);
    return text.slice(0, i) + piece + text.slice(Math.min(text.length, i + cut));
  });
}
