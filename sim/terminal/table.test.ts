// The terminal table: what fits 100 columns, what --wide adds, when colour is written.
import { describe, expect, it } from 'vitest';
import { bold, colourOn } from './colour.ts';
import { est } from './numbers.ts';
import { fitText, hiddenNote, renderTable, wrapCell, type Column } from './table.ts';

const widest = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));

describe('terminal table', () => {
  const columns: Column[] = [{ title: 'name', wrap: true }, { title: 'n', align: 'right' }, { title: 'extra', wide: true }];

  it('renderTable rules the head, right-aligns numbers and leaves the wide columns to --wide', () => {
    const rows = [['alpha', '5', 'x'], ['b', '12', 'y']];
    expect(renderTable(columns, rows)).toBe(['name    n', '─────  ──', 'alpha   5', 'b      12'].join('\n'));
    expect(renderTable(columns, rows, { wide: true })).toBe(['name    n  extra', '─────  ──  ─────', 'alpha   5  x', 'b      12  y'].join('\n'));
    expect(hiddenNote(columns, false)).toBe('--wide adds: extra');
    expect(hiddenNote(columns, true)).toBe('');
  });

  it('renderTable wraps the wrapping column to fit the width, and not with --wide', () => {
    const rows = [['a name long enough to need two lines', '1', '']];
    const text = renderTable(columns, rows, { width: 20 });
    expect(widest(text)).toBeLessThanOrEqual(20);
    expect(text.split('\n').slice(2).join(' ').replace(/\s+/g, ' ')).toBe('a name long 1 enough to need two lines');
    expect(widest(renderTable(columns, rows, { width: 20, wide: true }))).toBeGreaterThan(20);
  });

  it('a two-line head sits on the bottom line', () => {
    expect(renderTable([{ title: 'a' }, { title: 'cold\nstarts' }], [['1', '2']])).toBe(['   cold', 'a  starts', '─  ──────', '1  2'].join('\n'));
  });

  it('wrapCell breaks at spaces, after commas, else hard', () => {
    expect(wrapCell('502: 5.0, 429: 3.0', 9)).toEqual(['502: 5.0,', '429: 3.0']);
    expect(wrapCell('a,b,c,d', 4)).toEqual(['a,b,', 'c,d']);
    expect(wrapCell('abcdefgh', 3)).toEqual(['abc', 'def', 'gh']);
  });

  it('fitText wraps long lines with an indent and leaves short ones', () => {
    const text = fitText(`short\n${'word '.repeat(30).trim()}`, 40);
    expect(widest(text)).toBeLessThanOrEqual(40);
    expect(text.split('\n')[0]).toBe('short');
    expect(text.split('\n')[2]).toMatch(/^ {4}word/);
    expect(fitText(`  ${'word '.repeat(30).trim()}`, 40).split('\n')[1]).toMatch(/^ {6}word/);
  });

  it('est gives a CI as ±half-width by default and as [lo, hi] wide', () => {
    const e = { mean: 78.95, lo: 76.44, hi: 81.46, n: 10 };
    expect(est(e, 2, false)).toBe('79.0 ±2.5');
    expect(est(e, 2, true)).toBe('78.95 [76.44, 81.46]');
    expect(est({ mean: 3.5, lo: 3.5, hi: 3.5, n: 1 }, 2, false)).toBe('3.50');
  });

  it('colour only on a terminal, and never with NO_COLOR set', () => {
    expect(colourOn({ isTTY: true }, {})).toBe(true);
    expect(colourOn({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(colourOn({ isTTY: false }, {})).toBe(false);
    expect(colourOn({}, { FORCE_COLOR: '1' })).toBe(false);
    // no-color.org: an empty NO_COLOR does not count.
    expect(colourOn({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(renderTable(columns, [['a', '1', '']], { colour: true })).toContain(bold('name', true).slice(0, 4));
    expect(renderTable(columns, [['a', '1', '']], { colour: false })).not.toContain('\x1b');
  });
});
