import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv, readCsv } from './csv.ts';
import { referenceData } from '../test/reference-data.ts';

describe('parseCsv', () => {
  it('parseCsv(text, file) reads a header and rows keyed by it, with their line numbers', () => {
    const t = parseCsv('a,b\n1,2\r\n\n"x,""y""",\n', 'f.csv');
    expect(t.header).toEqual(['a', 'b']);
    expect(t.rows).toEqual([
      { line: 2, values: { a: '1', b: '2' } },
      { line: 4, values: { a: 'x,"y"', b: '' } },
    ]);
  });

  it('parseCsv(text, file) reports malformed input with file and line', () => {
    const table: [string, string][] = [
      ['', 'f.csv:1: empty file'],
      ['a,a\n1,2', "f.csv:1: duplicate column 'a'"],
      ['a,b\n1,2\n3\n', 'f.csv:3: expected 2 fields (a,b), got 1'],
      ['a,b\n1,2\n"3,4\n', 'f.csv:3: unterminated quoted field'],
      ['a,b\n1,x"y\n', `f.csv:2: quote inside an unquoted field 'x"'`],
    ];
    for (const [text, message] of table) {
      expect(() => parseCsv(text, 'f.csv')).toThrow(CsvError);
      expect(() => parseCsv(text, 'f.csv')).toThrow(message);
    }
  });

  it('readCsv(file) reads the FAVE stage invocations', async () => {
    const t = await readCsv(referenceData('fave/stage_invocations.csv'));
    expect(t.rows.length).toBe(162);
    expect(t.header).toContain('duration_ms');
  });
});
