import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import ctcGreedyDecode from './ctc-decode.ts';

const LABELS = ['', 'a', 'b', ' '];

/** One-hot-ish rows: class `c` gets probability p, the rest share 1 − p. */
function rows(classes: number[], p = 0.9): Float32Array {
  const out = new Float32Array(classes.length * LABELS.length).fill((1 - p) / (LABELS.length - 1));
  classes.forEach((c, t) => (out[t * LABELS.length + c] = p));
  return out;
}

describe('ctcGreedyDecode', () => {
  it('ctcGreedyDecode merges repeats, drops blanks, and keeps a letter repeated across a blank', () => {
    // a a _ a b b _ _ ' ' b  →  "aab b"
    expect(ctcGreedyDecode(rows([1, 1, 0, 1, 2, 2, 0, 0, 3, 2]), 10, 4, LABELS).text).toBe('aab b');
  });

  it('ctcGreedyDecode reports the mean probability of the kept steps', () => {
    const probs = rows([1, 0, 2]);
    probs[2 * 4 + 2] = 0.5;
    expect(ctcGreedyDecode(probs, 3, 4, LABELS).confidence).toBeCloseTo((0.9 + 0.5) / 2, 6);
    expect(ctcGreedyDecode(rows([0, 0]), 2, 4, LABELS)).toEqual({ text: '', confidence: 0 });
  });

  it('ctcGreedyDecode refuses a buffer or label list that does not fit the shape', () => {
    expect(() => ctcGreedyDecode(new Float32Array(7), 2, 4, LABELS)).toThrow(/7 values, 2 × 4 needs 8/);
    expect(() => ctcGreedyDecode(new Float32Array(8), 2, 4, ['', 'a'])).toThrow(/2 labels for 4 classes/);
  });

  it('ctcGreedyDecode never emits more characters than steps and keeps confidence in [0, 1], for any softmax-like output', () => {
    fc.assert(fc.property(fc.array(fc.array(fc.float({ min: 0, max: 1, noNaN: true }), { minLength: 4, maxLength: 4 }), { maxLength: 40 }), (table) => {
      const out = ctcGreedyDecode(Float32Array.from(table.flat()), table.length, 4, LABELS);
      expect(out.text.length).toBeLessThanOrEqual(table.length);
      expect(out.confidence).toBeGreaterThanOrEqual(0);
      expect(out.confidence).toBeLessThanOrEqual(1);
    }));
  });

  it('ctcGreedyDecode reads a NaN row as a blank rather than a character', () => {
    expect(ctcGreedyDecode(new Float32Array([Number.NaN, Number.NaN, Number.NaN, Number.NaN]), 1, 4, LABELS).text).toBe('');
  });
});
