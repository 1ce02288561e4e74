// Bad input through the real command lines (`npm run sim`, `npm run sweep`, as child
// processes): exit 0, or exit 2 with a message naming the file and a JSON path — never a
// stack trace, never a hang. The fuzzing probe's findings are named cases here; a few
// generated mutations of shipped scenarios follow. The kill timeout is a guard against a
// hang, not a timing assertion.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mutated } from './mutate.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const SIM = join(root, 'sim', 'cli.ts');
const SWEEP = join(root, 'sim', 'sweep', 'cli.ts');
const GUARD_MS = 120_000;
const dir = mkdtempSync(join(tmpdir(), 'fave-fuzz-cli-'));

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(cli: string, args: string[]): Promise<Outcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: root, timeout: GUARD_MS, killSignal: 'SIGKILL', maxBuffer: 1 << 24 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number | string }).code as number | null) ?? null : 0, stdout, stderr });
    });
  });
}

/** Exit 2 with `pattern` in the message, as a person should see it: no stack trace, no
 * uncaught JavaScript error, no raw control character. */
function refused(r: Outcome, pattern: RegExp | string): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(/^error: /);
  if (typeof pattern === 'string') expect(r.stderr).toContain(pattern);
  else expect(r.stderr).toMatch(pattern);
  clean(r);
}

function clean(r: Outcome): void {
  expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+/); // a stack frame
  expect(r.stderr).not.toMatch(/RangeError|TypeError|SyntaxError/);
  expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f]/);
}

const file = (name: string, body: string | object): string => {
  const path = join(dir, name);
  writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
  return path;
};
const out = (name: string) => ['--out', join(dir, `${name}.result.json`), '--quiet'];
const shipped = (name: string) => JSON.parse(readFileSync(join(root, 'scenarios', `${name}.json`), 'utf8')) as Record<string, unknown>;
const DEFAULT_PROFILE = join(root, 'profiles', 'default.json');
// A pipeline scenario, its profile named by absolute path so it can live in the temp folder.
const pipeline = (more: Record<string, unknown> = {}) => ({ ...shipped('warm-burst'), profile: DEFAULT_PROFILE, ...more });
const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

describe.concurrent('the command lines on bad input', () => {
  it('sim: 100,000-deep nesting in a scenario is exit 2 at the path where it passed 64 levels', async () => {
    const text = JSON.stringify(pipeline()).replace(/}$/, `,"description":${deep(100_000)}}`);
    refused(await run(SIM, [file('deep.json', text), ...out('deep')]), /deep\.json: 1 problem\n {2}\$\.description(\[0\]){63}: nested too deep: more than 64 levels/);
  });

  it('sim: 100,000-deep nesting in the profile is exit 2 naming the profile', async () => {
    const profile = readFileSync(DEFAULT_PROFILE, 'utf8').replace(/}\s*$/, `,"deep":${deep(100_000)}}`);
    const p = file('deep-profile.json', profile);
    refused(await run(SIM, [file('uses-deep-profile.json', pipeline({ profile: p })), ...out('deep-profile')]), /deep-profile\.json: invalid calibration profile \(1 problem\):\n {2}\$\.deep(\[0\]){63}: nested too deep/);
  });

  it('sim: a burst of 1e308 requests is exit 2 at $.workload.count', async () => {
    refused(await run(SIM, [file('count.json', pipeline({ workload: { executor: 'burst', count: 1e308 } })), ...out('count')]), '$.workload.count: must be <= 10000000 (got 1e+308)');
  });

  it('sim: a horizon of 1e999 (Infinity to JSON.parse) is exit 2 at $.horizon', async () => {
    const text = JSON.stringify(pipeline()).replace(/"horizon":\d+/, '"horizon":1e999');
    refused(await run(SIM, [file('horizon.json', text), ...out('horizon')]), '$.horizon: must be a finite number, got Infinity');
  });

  it('sim: rates of 2^53 + 1 and 1e21 are exit 2 at $.workload.rate', async () => {
    for (const [name, rate] of [['rate-2-53', 2 ** 53 + 1], ['rate-1e21', 1e21]] as const) {
      refused(await run(SIM, [file(`${name}.json`, pipeline({ workload: { executor: 'constant-arrival-rate', rate } })), ...out(name)]), '$.workload.rate: must be <= 1000000');
    }
  });

  it('sim: a frames-per-clip scale of 1e21 is exit 2 at its path', async () => {
    const s = pipeline({ pipeline: { framesPerClip: { type: 'gamma', shape: 2, scale: 1e21 } } });
    refused(await run(SIM, [file('frames.json', s), ...out('frames')]), '$.pipeline.framesPerClip.scale: must be <= 1000000000 (got 1e+21)');
  });

  it('sim: a valid but huge scenario (1e6 requests/s for 1e6 s) is refused by the work budget, with the flag that runs it', async () => {
    const s = pipeline({ horizon: 1e6, workload: { executor: 'poisson', rate: 1e6 } });
    refused(
      await run(SIM, [file('huge.json', s), ...out('huge')]),
      /huge\.json: too much work: about 1\.7e14 events .*past the limit of 5e8 .*\n {2}base: 1e12 requests × 8 calls per request, 10 runs\n[^]*--max-events 1\.7e14/,
    );
  });

  it('sim: a profile pointed at /etc/passwd is exit 2 quoting at most 40 escaped characters of it', async () => {
    const r = await run(SIM, [file('passwd.json', pipeline({ profile: '/etc/passwd' })), ...out('passwd')]);
    refused(r, '/etc/passwd: invalid calibration profile (1 problem):\n  $: not valid JSON: expected a value (line 1, column 1, at "');
    const quoted = /at (".*")\)\n/.exec(r.stderr)![1]!;
    expect(quoted.length).toBeLessThanOrEqual(40);
    const second = readFileSync('/etc/passwd', 'utf8').split('\n')[1] ?? '';
    if (second.length > 10) expect(r.stderr).not.toContain(second);
  });

  it('sim: a binary file as the scenario is exit 2 with its bytes escaped', async () => {
    const bytes = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x1b, 0x5b, 0x32, 0x4a, 0x00, 0xff, 0xfe, 0x9b]);
    refused(await run(SIM, [file('binary.json', bytes.toString('latin1')), ...out('binary')]), /binary\.json: 1 problem\n {2}\$: not valid JSON: expected a value \(line 1, column 1, at "\\u007fELF/);
  });

  it('sim: a package.json as the profile is one line saying it is not a profile', async () => {
    refused(await run(SIM, [file('pkg.json', pipeline({ profile: join(root, 'package.json') })), ...out('pkg')]), 'package.json: invalid calibration profile (1 problem):\n  $.format: not a calibration file: it has no "format"');
  });

  it('sim: an --out that is a directory is exit 2 before the run', async () => {
    refused(await run(SIM, [join(root, 'scenarios', 'warm-burst.json'), '--out', dir, '--quiet']), `cannot write the result to ${dir}: it is a directory`);
  });

  it('sim: two runs writing the same --out at once both exit 0, and the file is whole', async () => {
    const target = join(dir, 'same.json');
    const args = [join(root, 'scenarios', 'warm-burst.json'), '--out', target, '--quiet'];
    const [a, b] = await Promise.all([run(SIM, args), run(SIM, args)]);
    expect([a.code, b.code], a.stderr + b.stderr).toEqual([0, 0]);
    expect(JSON.parse(readFileSync(target, 'utf8')).format).toBe('fave.result/v1');
    expect(readdirSync(dir).filter((f) => f.startsWith('same.json.'))).toEqual([]); // no .partial left
  });

  it('sweep: 10^20 points, a sweep past the work budget and deep nesting are exit 2 by path', async () => {
    const base = file('sweep-base.json', pipeline());
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    const grid = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`/platform/functions/f${i}/maxInflight`, values]));
    const sweep = (more: object) => ({ format: 'fave.sweep/v1', name: 'fuzz', scenario: base, seeds: 1, ...more });
    refused(await run(SWEEP, [file('points.json', sweep({ grid })), ...out('points')]), '$.grid: a sweep has at most 100,000 points');
    const huge = file('huge-base.json', pipeline({ horizon: 1e5, workload: { executor: 'poisson', rate: 1000 } }));
    refused(await run(SWEEP, [file('budget.json', { ...sweep({ seeds: 10 }), scenario: huge, grid: { '/regime': ['warm', 'cold'] } }), ...out('budget')]), /too much work: about 3\.4e10 events[^]*point 0 \(\/regime="warm"\): 1e8 requests × 8 calls per request, 10 runs[^]*--max-events 3\.4e10/);
    const text = JSON.stringify(sweep({ grid: { '/regime': ['warm'] } })).replace(/}$/, `,"description":${deep(100_000)}}`);
    refused(await run(SWEEP, [file('deep-sweep.json', text), ...out('deep-sweep')]), /\$\.description(\[0\]){63}: nested too deep/);
  });

  it('sim: a shipped scenario with values changed exits 0, or 2 naming a JSON path', async () => {
    // A handful, generated with a fixed seed: each is a child process, the costly part here.
    const cases = fc.sample(fc.constantFrom('warm-burst', 'race', 'cold-burst', 'timeouts').chain((n) => mutated(pipeline(shipped(n)))), { seed: 18, numRuns: 6 });
    const results = await Promise.all(cases.map((json, i) => run(SIM, [file(`mutated-${i}.json`, JSON.stringify(json) ?? 'null'), ...out(`mutated-${i}`)])));
    results.forEach((r, i) => {
      if (r.code === 0) return clean(r);
      refused(r, /(\$[.[\]\w"-]*|profile\.[\w.-]+): /);
      expect(r.stderr, JSON.stringify(cases[i]).slice(0, 400)).toContain(`mutated-${i}.json`);
    });
  });
});
