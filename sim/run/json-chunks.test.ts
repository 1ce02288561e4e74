import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonChunks } from './json-chunks.ts';

const joined = (v: unknown) => [...jsonChunks(v)].join('');

describe('jsonChunks', () => {
  it('jsonChunks concatenates to JSON.stringify(value, null, 1) for any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
      expect(joined(v)).toBe(JSON.stringify(v, null, 1));
    }), { numRuns: 500 });
  });

  it('jsonChunks skips undefined fields, writes null for undefined elements and non-finite numbers, as JSON.stringify does', () => {
    const v = { a: undefined, b: [undefined, NaN, -Infinity, { c: undefined }], d: {}, e: [], f: -0, g: 'x\ny' };
    expect(joined(v)).toBe(JSON.stringify(v, null, 1));
  });

  it('jsonChunks splits a large array of objects into many pieces with the same bytes', () => {
    const v = { series: Array.from({ length: 5000 }, (_, i) => ({ t: i, values: [i, i / 3] })) };
    const pieces = [...jsonChunks(v)];
    expect(pieces.length).toBeGreaterThan(5000);
    expect(pieces.join('')).toBe(JSON.stringify(v, null, 1));
  });
});
