// JSON.stringify(value, null, 1), in pieces. A 1000-function trace replay's result is larger
// than V8's longest string (~512 MB), so the CLIs write it piece by piece; the bytes are the
// same as JSON.stringify's (json-chunks.test.ts holds it to that).

/** Below this many array elements of plain values, a subtree is one JSON.stringify piece. */
const LEAF_ARRAY = 4096;

const isContainer = (v: unknown): v is object => v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
const skipped = (v: unknown) => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/** `value` as JSON with one space of indentation per level, in pieces that concatenate to
 * exactly `JSON.stringify(value, null, 1)`. */
export function* jsonChunks(value: unknown, depth = 0): Generator<string> {
  if (!isContainer(value) || (Array.isArray(value) && value.length <= LEAF_ARRAY && !value.some(isContainer))) {
    const text = JSON.stringify(value, null, 1);
    // Nested lines are indented relative to this depth; JSON strings never hold a raw newline.
    yield depth === 0 || text === undefined ? text : text.replaceAll('\n', '\n' + ' '.repeat(depth));
    return;
  }
  const inner = '\n' + ' '.repeat(depth + 1);
  const close = '\n' + ' '.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return yield '[]';
    yield '[';
    for (let i = 0; i < value.length; i++) {
      yield i === 0 ? inner : ',' + inner;
      yield* skipped(value[i]) ? ['null'] : jsonChunks(value[i], depth + 1);
    }
    return yield close + ']';
  }
  const entries = Object.entries(value).filter(([, v]) => !skipped(v));
  if (entries.length === 0) return yield '{}';
  yield '{';
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i]!;
    yield (i === 0 ? inner : ',' + inner) + JSON.stringify(k) + ': ';
    yield* jsonChunks(v, depth + 1);
  }
  yield close + '}';
}
