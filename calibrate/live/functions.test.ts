// --function / --body: reading the pairs off the command line, checking the bodies, and the
// plan they make. No platform: the calibration itself is in calibrate-functions.test.ts.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { optionsInOrder, parseCommandLine } from '../../sim/process/command-line.ts';
import { UsageError } from '../../sim/process/errors.ts';
import { MAX_INPUT_BYTES } from '../../sim/input/limits.ts';
import { InputError } from '../errors.ts';
import { EMPTY_BODY, loadFunctions, pairFunctions, planned, readBody } from './functions.ts';
import { driftTurns, parsePlan, planUnits } from './plan.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const OPTIONS = { function: { type: 'string', multiple: true }, body: { type: 'string', multiple: true }, warm: { type: 'string' } } as const;
const pairsOf = (argv: string[]) => {
  parseCommandLine(argv, OPTIONS);
  return pairFunctions(optionsInOrder(argv, OPTIONS));
};
const dir = () => mkdtempSync(path.join(tmpdir(), 'fave-fn-'));

describe('--function / --body pairs', () => {
  it('pairFunctions() gives each --body to the --function before it; a --function alone is sent {}', () => {
    expect(pairsOf(['--function', 'resize', '--body', 'r.json', '--warm', '3', '--function', 'thumbnail', '--function=classify', '--body=c.json'])).toEqual([
      { name: 'resize', bodyFile: 'r.json' },
      { name: 'thumbnail', bodyFile: undefined },
      { name: 'classify', bodyFile: 'c.json' },
    ]);
    expect(pairsOf(['--warm', '3'])).toEqual([]);
  });

  it.each([
    [['--body', 'a.json', '--function', 'a'], /--body a\.json: a --body belongs to the --function before it .* none comes before this one/],
    [['--function', 'a', '--body', 'a.json', '--body', 'b.json'], /--body b\.json: --function 'a' already has --body a\.json \(one body per function\)/],
    [['--function', 'a', '--function', 'a'], /--function 'a' is given twice/],
    [['--function', 'Resize'], /--function 'Resize': not a function name \(a DNS-1123 label/],
    [['--function', 'a_b'], /--function 'a_b': not a function name/],
    [['--function=-a'], /--function '-a': not a function name/],
    [['--function', 'x'.repeat(64)], /not a function name/],
  ])('pairFunctions(%j) is a UsageError naming the option', (argv, message) => {
    expect(() => pairsOf(argv)).toThrow(UsageError);
    expect(() => pairsOf(argv)).toThrow(message);
  });

  it('accepts any DNS-1123 name, as OpenFaaS does: digits first, hyphens inside, 63 characters', () => {
    expect(pairsOf(['--function', '3d-render', '--function', 'a'.repeat(63)]).map((p) => p.name)).toEqual(['3d-render', 'a'.repeat(63)]);
  });
});

describe('request bodies', () => {
  it('readBody() sends the file as it is: any JSON value, whitespace kept', () => {
    const d = dir();
    const text = '{ "sleepMs": 20,\n  "tags": ["a", "b"] }\n';
    writeFileSync(path.join(d, 'b.json'), text);
    writeFileSync(path.join(d, 'list.json'), '[1, 2, 3]');
    expect(readBody(path.join(d, 'b.json'))).toBe(text);
    expect(readBody(path.join(d, 'list.json'))).toBe('[1, 2, 3]');
  });

  it('loadFunctions() reads each body once, with its size and sha256; no --body is {}', () => {
    const d = dir();
    writeFileSync(path.join(d, 'fast.json'), '{"sleepMs":20}');
    const [fast, bare] = loadFunctions([{ name: 'fast', bodyFile: path.join(d, 'fast.json') }, { name: 'bare', bodyFile: undefined }]);
    expect(fast).toEqual({ name: 'fast', bodyFile: path.join(d, 'fast.json'), body: '{"sleepMs":20}', bytes: 14, sha256: createHash('sha256').update('{"sleepMs":20}').digest('hex') });
    expect(bare).toMatchObject({ name: 'bare', bodyFile: undefined, body: EMPTY_BODY, bytes: 2 });
    // The plan names the file, never the contents.
    expect(planned(fast!)).toEqual({ name: 'fast', body: path.join(d, 'fast.json'), bytes: 14, sha256: fast!.sha256 });
    expect(planned(bare!)).toMatchObject({ body: null });
  });

  it.each([
    ['missing.json', null, /--body .*missing\.json: cannot read the request body file: ENOENT/],
    ['bad.json', '{"sleepMs": 20,}', /--body .*bad\.json: not valid JSON: .*\(line 1, column 16/],
    ['empty.json', '', /--body .*empty\.json: not valid JSON/],
    ['inf.json', '{"sleepMs": 1e999}', /--body .*inf\.json: \$\.sleepMs: must be a finite number/],
    ['deep.json', `${'['.repeat(70)}${']'.repeat(70)}`, /--body .*deep\.json: .*nested too deep: more than 64 levels/],
  ])('readBody(%s) is an InputError naming the file', (name, text, message) => {
    const d = dir();
    const file = path.join(d, name);
    if (text !== null) writeFileSync(file, text);
    expect(() => readBody(file)).toThrow(InputError);
    expect(() => readBody(file)).toThrow(message);
  });

  it('readBody() refuses a directory and a file over the input size limit, naming it', () => {
    const d = dir();
    expect(() => readBody(d)).toThrow(/--body .*: cannot read the request body file: it is a directory/);
    const big = path.join(d, 'big.json');
    writeFileSync(big, `"${'x'.repeat(MAX_INPUT_BYTES)}"`);
    expect(() => readBody(big)).toThrow(/--body .*big\.json: cannot read the request body file: it is 32 MB, over the 32 MB limit for input files/);
  });
});

describe('the plan of --function', () => {
  const fns = [
    { name: 'slow', body: 's.json', bytes: 16, sha256: 'a' },
    { name: 'fast', body: null, bytes: 2, sha256: 'b' },
  ];

  it('parsePlan() measures the functions in the order given, with the same counts as the stages and no fan-out', () => {
    const p = parsePlan({ warm: '4', cold: '1', concurrency: '2,1', 'contention-calls': '2', 'neighbour-calls': '0', 'drift-minutes': '0', 's3-reps': '0' }, fns);
    expect(p.stages).toEqual(['slow', 'fast']);
    expect(p.functions).toEqual(fns);
    expect(p.fanout).toBe(false);
    expect(p.concurrency).toEqual([1, 2]);
    expect(driftTurns(p)).toBe(0);
    expect(planUnits(p)).toBe(2 * (4 + 1 + 2 + 2));
    // No functions: the stages, as before.
    expect(parsePlan({}, []).functions).toBeUndefined();
  });

  it('parsePlan() refuses --stages beside --function (a UsageError)', () => {
    expect(() => parsePlan({ stages: 'ffmpeg-0' }, fns)).toThrow(UsageError);
    expect(() => parsePlan({ stages: 'ffmpeg-0' }, fns)).toThrow(/--stages and --function cannot be used together/);
  });
});

describe('npm run calibrate -- --function (refused before anything starts)', () => {
  const run = promisify(execFile);
  const cli = async (args: string[]) => {
    try {
      const r = await run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'calibrate/cli.ts'), ...args], { cwd: ROOT });
      return { code: 0, ...r };
    } catch (e) {
      return e as { code: number; stdout: string; stderr: string };
    }
  };

  it('exits 2 on --stages with --function, a bad body, --stack without --function, naming each', async () => {
    const d = dir();
    writeFileSync(path.join(d, 'bad.json'), '{sleepMs: 20}');
    const [both, bad, stack] = await Promise.all([
      cli(['--stages', 'ffmpeg-0', '--function', 'fast']),
      cli(['--function', 'fast', '--body', path.join(d, 'bad.json')]),
      cli(['--stack', 'stack.yml']),
    ]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--stages and --function cannot be used together/);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(`--body ${path.join(d, 'bad.json')}: not valid JSON`);
    expect(stack.code).toBe(2);
    expect(stack.stderr).toMatch(/--stack: .* deploys the functions named by --function/);
  }, 60_000);
});

