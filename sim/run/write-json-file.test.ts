// The result writer: the file appears whole or not at all, under a temporary name no other
// run shares.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { roughJsonLength, writeJsonFile } from './write-json-file.ts';

describe('writeJsonFile', () => {
  it('writeJsonFile writes the JSON and leaves no temporary file behind', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fave-write-'));
    const out = join(dir, 'r.json');
    writeJsonFile(out, { a: [1, 2] });
    writeJsonFile(out, { a: [3] }); // over an existing result
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual({ a: [3] });
    expect(readdirSync(dir)).toEqual(['r.json']);
  });

  it('writeJsonFile removes its temporary file when the value cannot be written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fave-write-'));
    expect(() => writeJsonFile(join(dir, 'r.json'), { big: 10n })).toThrow();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('writeJsonFile writes the same bytes as one string and in pieces', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fave-write-'));
    const v = { name: 'x\ny', series: Array.from({ length: 5000 }, (_, i) => ({ t: i, values: [i, i / 3, null] })), none: undefined };
    writeJsonFile(join(dir, 'whole.json'), v);
    writeJsonFile(join(dir, 'pieces.json'), v, 0);
    expect(readFileSync(join(dir, 'whole.json'), 'utf8')).toBe(`${JSON.stringify(v, null, 1)}\n`);
    expect(readFileSync(join(dir, 'pieces.json'), 'utf8')).toBe(`${JSON.stringify(v, null, 1)}\n`);
  });

  it('roughJsonLength is at least the JSON length, and stops at its limit', () => {
    const v = { a: [1.2345678901234567, -1e-300, 'q"\\'], b: { c: { d: [null, true, {}] } } };
    expect(roughJsonLength(v, 1e9)).toBeGreaterThanOrEqual(JSON.stringify(v, null, 1).length);
    expect(roughJsonLength({ big: Array.from({ length: 1e5 }, () => 1) }, 1000)).toBe(1000);
  });
});
