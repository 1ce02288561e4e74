// The result writer: the file appears whole or not at all, under a temporary name no other
// run shares.
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeJsonFile } from './write-json-file.ts';

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
});
