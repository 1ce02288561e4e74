// The bounded JSON reader: syntax errors located without quoting the file at length, size
// and depth limits, non-finite numbers, and excerpts that never carry a raw control character.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkValue } from './check-value.ts';
import { wrongKind } from './format-check.ts';
import { excerpt, preview, quoted } from './excerpt.ts';
import { firstSyntaxError, lineAndColumn } from './json-syntax.ts';
import { parseJsonText, readJsonFile } from './read-json.ts';

const dir = mkdtempSync(join(tmpdir(), 'fave-input-'));
const isValid = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

describe('firstSyntaxError', () => {
  it('firstSyntaxError agrees with JSON.parse on what is JSON, for JSON text and for mangled text', () => {
    const mangled = fc.tuple(fc.json(), fc.nat(), fc.constantFrom('', ',', '}', ']', '"', ':', 'x', '\\', '\n', '01', '-', '1e', '\u0000'))
      .map(([text, at, junk]) => text.slice(0, at % (text.length + 1)) + junk + text.slice(at % (text.length + 1)));
    fc.assert(
      fc.property(fc.oneof(fc.json(), mangled, fc.string()), (text) => {
        expect(firstSyntaxError(text) === null).toBe(isValid(text));
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ['{"a": 1 "b": 2}', 8, "expected ',' or '}'"],
    ['[1, 2', 5, 'ends too early'],
    ['{"a": 01}', 7, "expected ',' or '}'"],
    ['"tab\there"', 4, 'control character'],
    ['root:x:0:0', 0, 'expected a value'],
    ['{} {}', 3, 'more text after'],
  ])('firstSyntaxError finds the problem in %j', (text, offset, problem) => {
    const found = firstSyntaxError(text)!;
    expect(found.offset).toBe(offset);
    expect(found.problem).toContain(problem);
  });

  it('lineAndColumn counts from 1', () => {
    expect(lineAndColumn('ab\ncd\nef', 4)).toEqual({ line: 2, column: 2 });
    expect(lineAndColumn('x', 0)).toEqual({ line: 1, column: 1 });
  });
});

describe('excerpt and preview', () => {
  it('excerpt is at most 40 characters and carries no raw control or format character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        const e = excerpt(text);
        expect(e.length).toBeLessThanOrEqual(40);
        expect(e).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/);
      }),
    );
  });

  it('quoted keeps double quotes and escapes single ones and control characters', () => {
    expect(quoted(`it's "x"\u001b`)).toBe(`'it\\'s "x"\\u001b'`);
  });

  it('preview stays short on huge values and shows Infinity as such', () => {
    expect(preview(new Array(1e6).fill(1)).length).toBeLessThanOrEqual(60);
    expect(preview(Infinity)).toBe('Infinity');
    expect(preview({ a: [1, 'x'] })).toBe('{"a":[1,"x"]}');
  });
});

describe('checkValue', () => {
  it('checkValue names the path where nesting passes the limit, for any depth', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const { issues, safe } = checkValue({ a: deep });
    expect(safe).toBe(false);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('$.a' + '[0]'.repeat(63));
    expect(issues[0]!.message).toContain('more than 64 levels');
  });

  it('checkValue reports every non-finite number by path and leaves the value safe to validate', () => {
    const { issues, safe } = checkValue({ horizon: Infinity, w: { rates: [1, -Infinity, NaN] }, 'odd key': Infinity });
    expect(safe).toBe(true);
    expect(issues.map((i) => i.path)).toEqual(['$.horizon', '$["odd key"]', '$.w.rates[1]', '$.w.rates[2]']);
  });

  it('checkValue names the first thousand non-finite numbers and counts the rest', () => {
    const { issues } = checkValue({ a: new Array(1500).fill(Infinity) });
    expect(issues).toHaveLength(1001);
    expect(issues[999]!.path).toBe('$.a[999]');
    expect(issues[1000]).toEqual({ path: '$', message: 'and 500 more numbers that are not finite' });
  });

  it('checkValue stops on a cycle, and on too many values', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(checkValue(loop).safe).toBe(false);
    const many = checkValue(new Array(2000).fill([1, 2]), { maxValues: 1000 });
    expect(many.safe).toBe(false);
    expect(many.issues[0]!.message).toContain('more than 1,000 values');
  });
});

describe('readJsonFile', () => {
  it('readJsonFile parses 100,000-deep JSON without overflowing (JSON.parse is a loop in V8)', () => {
    const r = parseJsonText('['.repeat(100_000) + ']'.repeat(100_000));
    expect('value' in r).toBe(true);
  });

  it('readJsonFile refuses a file over the size limit, naming the limit, without reading it', () => {
    const big = join(dir, 'big.json');
    writeFileSync(big, `[${'0,'.repeat(600)}0]`);
    const r = readJsonFile(big, 'scenario', 1000);
    expect('issue' in r && r.issue.message).toMatch(/cannot read the scenario file: it is 0\.0 MB, over the 0\.0 MB limit/);
    const dev = readJsonFile('/dev/zero', 'profile', 1 << 16);
    expect('issue' in dev && dev.issue.message).toContain('over the 0.1 MB limit');
  });

  it('readJsonFile quotes at most a short escaped excerpt of a file that is not JSON', () => {
    const r = readJsonFile('/etc/passwd', 'profile');
    if (!('issue' in r)) throw new Error('/etc/passwd parsed as JSON');
    expect(r.issue.message).toMatch(/^not valid JSON: expected a value \(line 1, column 1, at "root:/);
    const quoted = /at (".*")\)$/.exec(r.issue.message)![1]!;
    expect(quoted.length).toBeLessThanOrEqual(40);
    const bin = join(dir, 'bin.json');
    writeFileSync(bin, Buffer.from([0x7b, 0x1b, 0x5b, 0x32, 0x4a, 0x00, 0xff, 0xfe]));
    const b = readJsonFile(bin, 'scenario');
    expect('issue' in b && b.issue.message).toBe('not valid JSON: expected a key in double quotes (line 1, column 2, at "\\u001b[2J\\u0000\\ufffd\\ufffd")');
  });

  it('readJsonFile says what it cannot read', () => {
    const r = readJsonFile(join(dir, 'nope.json'), 'sweep');
    expect('issue' in r && r.issue.message).toMatch(/^cannot read the sweep file: ENOENT/);
    const d = readJsonFile(dir, 'sweep');
    expect('issue' in d && d.issue.message).toBe('cannot read the sweep file: it is a directory');
  });
});

describe('wrongKind', () => {
  it('wrongKind names a file of another kind in one issue, and lets the same kind of any version through', () => {
    expect(wrongKind({ name: 'fave', version: '1' }, 'fave.calibration/v1', 'calibration')).toEqual({
      path: '$.format',
      message: 'not a calibration file: it has no "format" (expected "fave.calibration/v1")',
    });
    expect(wrongKind({ format: 'fave.sweep/v1' }, 'fave.scenario/v1', 'scenario')!.message).toBe(
      'not a scenario file: its format is \'fave.sweep/v1\' (expected "fave.scenario/v1")',
    );
    expect(wrongKind({ format: 'fave.scenario/v2' }, 'fave.scenario/v1', 'scenario')).toBeNull();
    expect(wrongKind([1, 2], 'fave.scenario/v1', 'scenario')).toBeNull();
  });
});
