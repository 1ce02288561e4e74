// The pairing behind `./fave bench --against DIR` (against.ts): who goes first, the ratio of
// each pair, and which directories are refused before anything runs.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { launcherIn, pairRatios, thisFirst } from './against.ts';

describe('pairRatios', () => {
  it('is the median and range of this build over the other, pair by pair', () => {
    expect(pairRatios([2, 3, 12], [1, 2, 4])).toEqual({ median: 2, min: 1.5, max: 3 });
    expect(pairRatios([5], [4])).toEqual({ median: 1.25, min: 1.25, max: 1.25 });
  });

  it('pairs each run with its own partner, not medians with medians', () => {
    // Drift doubles both builds' times in round two: the medians' ratio (7.5 / 3) says 2.5,
    // each pair says 1.
    const r = pairRatios([5, 10], [2, 4]);
    expect(r.median).toBe(2.5);
    expect(pairRatios([2, 4, 8], [2, 4, 8])).toEqual({ median: 1, min: 1, max: 1 });
  });

  it('keeps min ≤ median ≤ max for any runs', () => {
    const time = fc.double({ min: 0.001, max: 1e4, noNaN: true });
    fc.assert(
      fc.property(fc.array(fc.tuple(time, time), { minLength: 1, maxLength: 9 }), (pairs) => {
        const r = pairRatios(pairs.map((p) => p[0]), pairs.map((p) => p[1]));
        return r.min <= r.median && r.median <= r.max && Number.isFinite(r.median);
      }),
    );
  });

  it('refuses runs that do not pair up', () => {
    expect(() => pairRatios([1, 2], [1])).toThrow('2 runs against 1');
    expect(() => pairRatios([], [])).toThrow('0 runs against 0');
  });
});

describe('thisFirst', () => {
  it('alternates, this build first in the first round', () => {
    expect([0, 1, 2, 3].map(thisFirst)).toEqual([true, false, true, false]);
  });
});

describe('launcherIn', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fave-against-'));

  it('refuses a missing directory, one that is not a FAVE checkout, and one without node_modules', () => {
    expect(() => launcherIn(join(dir, 'nope'))).toThrow(/no directory '.*nope'/);
    expect(() => launcherIn(dir)).toThrow(/has no scripts\/fave\.cjs and sim\/bench\/case\.ts: not a FAVE checkout, or one from before/);
    mkdirSync(join(dir, 'scripts'));
    mkdirSync(join(dir, 'sim', 'bench'), { recursive: true });
    writeFileSync(join(dir, 'scripts', 'fave.cjs'), '');
    writeFileSync(join(dir, 'sim', 'bench', 'case.ts'), '');
    expect(() => launcherIn(dir)).toThrow(/has no node_modules: run npm ci there first/);
    mkdirSync(join(dir, 'node_modules'));
    expect(launcherIn(dir)).toBe(join(dir, 'scripts', 'fave.cjs'));
  });
});
