import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { editDistance } from '../input/edit-distance.ts';
import { didYouMean } from '../input/did-you-mean.ts';
import { intFlag, parseCommandLine } from './command-line.ts';
import { EXIT, FaveError, RunError, UsageError } from './errors.ts';
import { reportOf } from './run-main.ts';

describe('the command line, read the same way by every command', () => {
  it('editDistance counts insertions, deletions and substitutions, and is a metric', () => {
    expect(editDistance('replications', 'replication')).toBe(1);
    expect(editDistance('seed', 'sed')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    fc.assert(fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b, c) => {
      expect(editDistance(a, a)).toBe(0);
      expect(editDistance(a, b)).toBe(editDistance(b, a));
      expect(editDistance(a, c)).toBeLessThanOrEqual(editDistance(a, b) + editDistance(b, c));
    }));
  });

  it('didYouMean offers a near miss and nothing for a far one or an exact match', () => {
    expect(didYouMean('replication', ['seed', 'replications', 'out'])).toBe('replications');
    expect(didYouMean('all-variant', ['variant', 'all-variants'])).toBe('all-variants');
    expect(didYouMean('xyz', ['seed', 'replications'])).toBeNull();
    expect(didYouMean('seed', ['seed'])).toBeNull();
  });

  it('parseCommandLine refuses an unknown flag with a UsageError that suggests the near one', () => {
    const options = { replications: { type: 'string' }, quiet: { type: 'boolean' } } as const;
    expect(parseCommandLine(['a.json', '--replications', '3'], options)).toMatchObject({ values: { replications: '3' }, positionals: ['a.json'] });
    expect(() => parseCommandLine(['--replication', '3'], options)).toThrow(new UsageError("unknown option '--replication' (did you mean --replications?)"));
    expect(() => parseCommandLine(['--frobnicate'], options)).toThrow(new UsageError("unknown option '--frobnicate'"));
    // A string flag without its value.
    expect(() => parseCommandLine(['--replications'], options)).toThrow(UsageError);
  });

  it.each([
    ['3', 1, 10, 3],
    [' 7 ', 0, 10, 7],
    [undefined, 1, 10, undefined],
  ])('intFlag(%j, min %d, max %d) is %j', (raw, min, max, want) => {
    expect(intFlag(raw, 'n', min, max)).toBe(want);
  });

  it.each([
    ['0', 1, 10, "--n must be an integer ≥ 1 and ≤ 10 (got '0')"],
    ['11', 1, 10, "--n must be an integer ≥ 1 and ≤ 10 (got '11')"],
    ['1.5', 0, Number.MAX_SAFE_INTEGER, "--n must be an integer ≥ 0 (got '1.5')"],
    ['1e3', 0, Number.MAX_SAFE_INTEGER, "--n must be an integer ≥ 0 (got '1e3')"],
    ['0x10', 0, Number.MAX_SAFE_INTEGER, "--n must be an integer ≥ 0 (got '0x10')"],
    ['', 0, Number.MAX_SAFE_INTEGER, "--n must be an integer ≥ 0 (got '')"],
    ['99999999999999999999', 0, Number.MAX_SAFE_INTEGER, "--n must be an integer ≥ 0 (got '99999999999999999999')"],
  ])('intFlag(%j, min %d, max %d) refuses it', (raw, min, max, message) => {
    expect(() => intFlag(raw, 'n', min, max)).toThrow(new UsageError(message));
  });

  it('intFlag gives a safe integer in range, or a UsageError, for any string', () => {
    fc.assert(fc.property(fc.string(), fc.integer({ min: -5, max: 5 }), (raw, min) => {
      try {
        const n = intFlag(raw, 'n', min, 1000)!;
        expect(Number.isSafeInteger(n) && n >= min && n <= 1000).toBe(true);
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
      }
    }));
  });

  it('reportOf: a FaveError exits with its own code, a usage error adds the usage line, a bug keeps its stack', () => {
    const o = { usage: 'usage: x', prefix: 'x' };
    expect(reportOf(new UsageError('no file'), o)).toEqual({ message: 'x: no file\nusage: x', code: EXIT.input });
    expect(reportOf(new FaveError('bad scenario'), o)).toEqual({ message: 'x: bad scenario', code: EXIT.input });
    expect(reportOf(new RunError('port in use'), o)).toEqual({ message: 'x: port in use', code: EXIT.failed });
    const bug = reportOf(new TypeError('undefined is not a function'), { usage: 'usage: x' });
    expect(bug.code).toBe(EXIT.failed);
    expect(bug.message).toMatch(/^error: TypeError: undefined is not a function\n\s+at /);
  });
});
