// The bundled command line (./fave, scripts/fave.cjs, scripts/build-cli.mjs) against the source one run
// through tsx: the same output for the same input, including the errors of the validators
// the bundle has precompiled (scenario and profile schemas) and a result file bit for bit.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './test/run-cli.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));

function runBundled(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(join(root, 'fave'), ['sim', ...args], { cwd: root }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

// The run's own duration is the one thing that differs.
const untimed = (s: string) => s.replace(/\(\d+\.\d s\)/g, '(… s)');

describe('bundled sim', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fave-bundle-'));
  const write = (name: string, value: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(value));
    return path;
  };
  const bad = [
    write('rate.json', { format: 'fave.scenario/v1', name: 'b', seed: 1, horizon: 10, workload: { executor: 'poisson', rate: -2 } }),
    write('unknown.json', { format: 'fave.scenario/v1', name: 'b', seed: 1, horizon: 10, workload: { executor: 'poisson', rate: 1 }, platfrom: {} }),
    write('dist.json', { format: 'fave.scenario/v1', name: 'b', seed: 1, horizon: 10, target: 'fn', workload: { executor: 'burst', count: 1 }, platform: { functions: { fn: { warm: { type: 'lognormal', mean: -1 } } } } }),
  ];
  const profile = write('profile.json', { ...JSON.parse(readFileSync(join(root, 'profiles', 'default.json'), 'utf8')), stages: { x: { warm: { family: 'nope' } } } });

  it.each(bad.map((f) => [f.slice(dir.length + 1), f]))('bundled sim reports %s as the source does', async (_name, file) => {
    const [a, b] = await Promise.all([runBundled([file]), runCli(cli, [file], root)]);
    expect(a.code).toBe(2);
    expect(a).toEqual(b);
  });

  it('bundled sim reports a bad profile as the source does, and writes the same result', async () => {
    const args = (out: string) => ['scenarios/race.json', '--replications', '2', '--out', join(dir, out)];
    const [a, b] = await Promise.all([runBundled([...args('a.json'), '--profile', profile]), runCli(cli, [...args('b.json'), '--profile', profile], root)]);
    expect(a.code).toBe(2);
    expect(a).toEqual(b);
    const [c, d] = await Promise.all([runBundled(args('c.json')), runCli(cli, args('d.json'), root)]);
    expect(c.code).toBe(0);
    expect(untimed(c.stdout.replace('c.json', 'x'))).toBe(untimed(d.stdout.replace('d.json', 'x')));
    expect(readFileSync(join(dir, 'c.json'), 'utf8')).toBe(readFileSync(join(dir, 'd.json'), 'utf8'));
  });
});
