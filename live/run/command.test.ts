// Bad input to `npm run live -- run`: exit 2 with the path, before any platform starts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../e2e/platform.ts';
import { artifactsLine, runCommand } from './command.ts';

let work: string;
beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'fave-live-cmd-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = path.join(work, name);
  writeFileSync(p, text);
  return p;
}

async function run(args: string[]): Promise<{ code: number; err: string; out: string }> {
  let err = '';
  let out = '';
  const code = await runCommand(args, {
    env: {}, root: REPO_ROOT, signal: new AbortController().signal, tty: false,
    stdout: (t) => (out += t), stderr: (t) => (err += t),
  });
  return { code, err, out };
}

const valid = (over: object = {}) => JSON.stringify({
  format: 'fave.scenario/v1', name: 'x', seed: 1, horizon: 1, target: 'ffmpeg-0', profile: path.join(REPO_ROOT, 'profiles/default.json'),
  workload: { executor: 'burst', count: 1 }, platform: { defaults: { execTimeout: 60, scaling: { mode: 'fixed' } } }, ...over,
});

describe('runCommand', () => {
  it('runCommand exits 2 naming a scenario file that does not exist', async () => {
    const missing = path.join(work, 'nope.json');
    const r = await run([missing]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${missing}: 1 problem`);
    expect(r.err).toContain('cannot read the scenario file');
  });

  it('runCommand exits 2 on a malformed scenario with the simulator\'s message', async () => {
    const bad = file('bad.json', '{"format": ');
    const r = await run([bad]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(new RegExp(`${bad}: 1 problem\\n {2}\\$: not valid JSON`));
    const invalid = file('invalid.json', valid({ workload: { executor: 'poisson', rate: -2 } }));
    const r2 = await run([invalid]);
    expect(r2.code).toBe(2);
    expect(r2.err).toContain('$.workload.rate');
  });

  it('runCommand exits 2 on a setting the live platform cannot honour, naming the field', async () => {
    const r = await run([file('lambda.json', valid({ platform: { defaults: { execTimeout: 60, scaling: { mode: 'lambda' } } } }))]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('lambda.json: 1 problem');
    expect(r.err).toContain("$.platform.defaults.scaling.mode: 'lambda' scaling is simulated only");
  });

  it.each([
    [['--video', '/no/such.mp4'], '--video /no/such.mp4: no such file'],
    [['--seed', 'x'], "--seed must be an integer ≥ 0 and ≤ 4294967295 (got 'x')"],
    [['--body', '/tmp/b.json'], "--body: the target 'ffmpeg-0' takes {requestId, video}; use --video"],
    [['--variant', 'a'], 'has no compare variants'],
    [['--all-variants'], '--all-variants: '],
    [['--all-variants', '--variant', 'a'], '--variant and --all-variants: give one'],
    [['--bogus'], "unknown option '--bogus'"],
    [['--all-variant'], "unknown option '--all-variant' (did you mean --all-variants?)"],
    [['--wdie'], "unknown option '--wdie' (did you mean --wide?)"],
    [['--repeat', '0'], "--repeat must be an integer ≥ 1 and ≤ 100 (got '0')"],
    [['--repeat', '101'], "--repeat must be an integer ≥ 1 and ≤ 100 (got '101')"],
    [['--repeat', '2.5'], "--repeat must be an integer ≥ 1 and ≤ 100 (got '2.5')"],
    [['--repeat', 'twice'], "--repeat must be an integer ≥ 1 and ≤ 100 (got 'twice')"],
    [['--repeat'], "Option '--repeat <value>' argument missing"],
  ])('runCommand exits 2 with usage on %j', async (args, message) => {
    const r = await run([file('ok.json', valid()), ...args]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
    expect(r.err).toContain('usage: ./fave live run <scenario.json>');
  });

  it('runCommand exits 2 when a scenario with variants is run without --variant', async () => {
    const r = await run([file('cmp.json', valid({ compare: [{ name: 'a', set: {} }, { name: 'b', set: { '/client/timeout': 5 } }] }))]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('$.compare: a live run runs one configuration: pick a variant with --variant (a, b), or run each in turn with --all-variants');
  });

  it('runCommand --all-variants checks every variant before running any, naming the bad one\'s field', async () => {
    const r = await run([file('cmp-bad.json', valid({ compare: [{ name: 'a', set: {} }, { name: 'b', set: { '/platform/defaults/scaling/mode': 'lambda' } }] })), '--all-variants']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("$.platform.defaults.scaling.mode: 'lambda' scaling is simulated only");
    expect(r.err).not.toContain('variant 1/2');
  });

  it('runCommand --repeat checks every variant before running any, and runs none after a bad one', async () => {
    const r = await run([file('rep-bad.json', valid({ compare: [{ name: 'a', set: {} }, { name: 'b', set: { '/platform/defaults/scaling/mode': 'lambda' } }] })), '--all-variants', '--repeat', '3']);
    expect(r.code).toBe(2);
    expect(r.err).toContain("$.platform.defaults.scaling.mode: 'lambda' scaling is simulated only");
    expect(r.err).not.toContain('repeat 1/3');
    expect(r.out).toBe('');
  });

  it('npm run live -- run exits 2 with the path through the real CLI', () => {
    const missing = path.join(work, 'missing.json');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'live/cli.ts', 'run', missing], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(missing);
  });
});

describe('artifactsLine', () => {
  it('artifactsLine says where a run\'s requests left their artifacts, on the embedded S3 or a remote one', () => {
    const prefix = 'requests/live-abc-';
    expect(artifactsLine({ prefix, bucket: 'fave', store: '/repo/.fave/s3' }, '/repo')).toBe(
      'artifacts in s3://fave/requests/live-abc-* (embedded S3 data in .fave/s3; search them: ./fave live up, then ./fave search "<phrase>"; remove: ./fave live clean)',
    );
    expect(artifactsLine({ prefix, bucket: 'videos', store: 'http://minio:9000' }, '/repo')).toBe('artifacts in s3://videos/requests/live-abc-* on http://minio:9000');
    expect(artifactsLine({ prefix, bucket: null, store: null }, '/repo')).toBe("artifacts in requests/live-abc-* in the functions' S3 bucket");
  });
});
