// The `npm run sim` command line: exit codes, messages, the result file.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './test/run-cli.ts';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const root = fileURLToPath(new URL('..', import.meta.url));

const run = (args: string[]) => runCli(cli, args, root);

describe('sim cli', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fave-cli-'));

  it('sim cli simulates a scenario, prints the table and writes the result file', async () => {
    const out = join(dir, 'race.json');
    const r = await run(['scenarios/race.json', '--replications', '2', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('lost updates');
    expect(r.stdout).toContain(`result written to ${out}`);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.format).toBe('fave.result/v1');
    expect(result.variants.map((v: { name: string }) => v.name)).toEqual(['naive', 'cas']);
    expect(result.variants[0].seeds).toEqual([1, 2]);
  });

  it('sim cli exits 2 naming the JSON path of a bad field, without a stack trace', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ format: 'fave.scenario/v1', name: 'bad', seed: 1, horizon: 10, workload: { executor: 'poisson', rate: -2 } }));
    const r = await run([bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('$.workload.rate: must be > 0 (got -2)');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('sim cli exits 2 on a file that is not JSON, and on bad options', async () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "format": ');
    expect((await run([broken])).stderr).toContain('not valid JSON');
    expect((await run([broken])).code).toBe(2);
    const r = await run(['scenarios/race.json', '--seed', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--seed must be an integer ≥ 0 and ≤ 4294967295 (got 'x')");
    expect((await run([])).code).toBe(2);
  });

  it('sim cli exits 2 when the scenario names a missing profile', async () => {
    const s = join(dir, 'noprofile.json');
    writeFileSync(s, JSON.stringify({ format: 'fave.scenario/v1', name: 'np', seed: 1, horizon: 10, profile: 'nowhere.json', workload: { executor: 'burst', count: 1 } }));
    const r = await run([s]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nowhere.json');
  });
});
