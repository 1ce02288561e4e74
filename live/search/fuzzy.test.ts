import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance, findApproximate } from './fuzzy.ts';
import { compact, tokens } from './normalise.ts';

const chars = (s: string) => [...s];
const eq = (a: string, b: string) => a === b;

describe('tokens and compact', () => {
  it('tokens ignores case, accents and punctuation', () => {
    expect(tokens('Serverless, functions — SCALE out!')).toEqual(['serverless', 'functions', 'scale', 'out']);
    expect(tokens('Café déjà-vu')).toEqual(['cafe', 'deja', 'vu']);
    expect(compact('FAVE TEST VIDEO')).toBe('favetestvideo');
    expect(tokens(' ,.; ')).toEqual([]);
  });

  it('tokens yields only non-empty lower-case runs of letters and digits, whatever the input', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => {
      for (const t of tokens(s)) {
        expect(t).not.toBe('');
        expect(t).toMatch(/^[\p{L}\p{N}]+$/u);
        expect(t).toBe(t.toLowerCase());
      }
      expect(tokens(s.toUpperCase()).join(' ')).toBe(tokens(s.toUpperCase().toLowerCase()).join(' '));
    }));
  });
});

describe('editDistance', () => {
  it('editDistance counts inserts, deletes and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('serverless', 'serverless')).toBe(0);
  });

  it('editDistance is a metric bounded by the longer length', () => {
    fc.assert(fc.property(fc.string(), fc.string(), fc.string(), (a, b, c) => {
      expect(editDistance(a, b)).toBe(editDistance(b, a));
      expect(editDistance(a, b)).toBeLessThanOrEqual(Math.max([...a].length, [...b].length));
      expect(editDistance(a, c)).toBeLessThanOrEqual(editDistance(a, b) + editDistance(b, c));
    }));
  });
});

describe('findApproximate', () => {
  it('findApproximate finds a pattern inside a longer text, exactly and with edits', () => {
    expect(findApproximate(chars('testvideo'), chars('favetestvideo'), 0, eq)).toEqual([{ start: 4, end: 12, edits: 0 }]);
    expect(findApproximate(chars('serverless'), chars('xxserverlesxx'), 1, eq)).toEqual([{ start: 2, end: 10, edits: 1 }]);
    expect(findApproximate(chars('serverless'), chars('xxserverlesxx'), 0, eq)).toEqual([]);
  });

  it('findApproximate reports each of two separate occurrences once', () => {
    const found = findApproximate(['thank', 'you'], 'thank you and thank you all'.split(' '), 0, eq);
    expect(found).toEqual([{ start: 0, end: 1, edits: 0 }, { start: 3, end: 4, edits: 0 }]);
  });

  it('findApproximate always finds a pattern planted in any text, at its place, and its occurrences never overlap', () => {
    fc.assert(fc.property(fc.string({ maxLength: 30 }), fc.string({ minLength: 1, maxLength: 8 }), fc.string({ maxLength: 30 }), (before, pattern, after) => {
      const text = chars(before + pattern + after);
      const found = findApproximate(chars(pattern), text, 0, eq);
      const at = [...before].length;
      expect(found.some((o) => o.edits === 0 && o.start <= at + [...pattern].length - 1 && o.end >= at)).toBe(true);
      for (let i = 1; i < found.length; i++) expect(found[i]!.start).toBeGreaterThan(found[i - 1]!.end);
      for (const o of found) {
        expect(o.start).toBeGreaterThanOrEqual(0);
        expect(o.end).toBeLessThan(text.length);
        expect(editDistance(pattern, text.slice(o.start, o.end + 1).join(''))).toBe(o.edits);
      }
    }));
  });
});

describe('findApproximate with join', () => {
  const words = (s: string) => s.split(' ');
  const cat = (a: string, b: string) => a + b;

  it('findApproximate with join matches one word heard as two, and two as one, at no cost', () => {
    // "serverless" is not in pocketsphinx's dictionary: it hears the nearest words it has.
    expect(findApproximate(['serverless'], words('so server less on'), 0, eq, cat)).toEqual([{ start: 1, end: 2, edits: 0 }]);
    expect(findApproximate(words('log in now'), words('please login now'), 0, eq, cat)).toEqual([{ start: 1, end: 2, edits: 0 }]);
    // Without join the same texts cost edits.
    expect(findApproximate(['serverless'], words('so server less on'), 0, eq)).toEqual([]);
    expect(findApproximate(words('log in now'), words('please login now'), 1, eq)).toEqual([]);
    // Joined words are still compared as words: "server list" is not "serverless" letter for letter.
    expect(findApproximate(['serverless'], words('server list'), 0, eq, cat)).toEqual([]);
  });

  it('findApproximate with join never finds less, nor at more cost, than without it', () => {
    const token = fc.constantFrom('a', 'b', 'ab', 'ba', 'c', 'bc');
    fc.assert(fc.property(fc.array(token, { minLength: 1, maxLength: 5 }), fc.array(token, { maxLength: 12 }), fc.nat(2), (pattern, text, k) => {
      const plain = findApproximate(pattern, text, k, eq);
      const joined = findApproximate(pattern, text, k, eq, cat);
      if (plain.length > 0) {
        expect(joined.length).toBeGreaterThan(0);
        expect(Math.min(...joined.map((o) => o.edits))).toBeLessThanOrEqual(Math.min(...plain.map((o) => o.edits)));
      }
      for (let i = 1; i < joined.length; i++) expect(joined[i]!.start).toBeGreaterThan(joined[i - 1]!.end);
    }));
  });
});
