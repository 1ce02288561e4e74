// The `npm run sweep` command line: exit codes, messages, the result file and the table.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test/run-cli.ts';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

const run = (args: string[]) => runCli(cli, args, root);

describe('sweep cli', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fave-sweep-cli-'));
  const scenario = join(root, 'scenarios', 'warm-burst.json');

  it('sweep cli runs a sweep, prints the table with the Pareto points and writes the result', async () => {
    const file = join(dir, 'ok.json');
    writeFileSync(file, JSON.stringify({ format: 'fave.sweep/v1', name: 'ok', scenario, seeds: 2, grid: { '/regime': ['warm', 'cold'] } }));
    const out = join(dir, 'ok-result.json');
    const r = await run([file, '--workers', '2', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Pareto front (replicaGBs against p95 latency');
    expect(r.stdout).toContain(`sweep result written to ${out}`);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.format).toBe('fave.sweep-result/v1');
    expect(result.points.map((p: { overrides: unknown }) => p.overrides)).toEqual([{ '/regime': 'warm' }, { '/regime': 'cold' }]);
    expect(result.pareto.length).toBeGreaterThan(0);
  });

  it('sweep cli exits 2 naming the JSON path of a bad sweep field, without a stack trace', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ format: 'fave.sweep/v1', name: 'bad', scenario, seeds: 2, grid: { '/workload/count': [2, 0] } }));
    const r = await run([bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('$.grid["/workload/count"][1]: $.workload.count: must be >= 1, in point 1 (/workload/count=0) (got 0)');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('sweep cli exits 2 on an unknown key, a scenario with variants, a missing file and bad options', async () => {
    const unknown = join(dir, 'unknown.json');
    writeFileSync(unknown, JSON.stringify({ format: 'fave.sweep/v1', name: 'u', scenario, seeds: 1, grids: {} }));
    const u = await run([unknown]);
    expect(u.code).toBe(2);
    expect(u.stderr).toContain("$: unknown key 'grids'");
    const variants = join(dir, 'variants.json');
    writeFileSync(variants, JSON.stringify({ format: 'fave.sweep/v1', name: 'v', scenario: join(root, 'scenarios', 'timeouts.json'), seeds: 1 }));
    const v = await run([variants]);
    expect(v.code).toBe(2);
    expect(v.stderr).toContain("has 'compare' variants");
    expect((await run([join(dir, 'nowhere.json')])).code).toBe(2);
    const w = await run([unknown, '--workers', '0']);
    expect(w.code).toBe(2);
    expect(w.stderr).toContain("--workers must be an integer ≥ 1 and ≤ 1024 (got '0')");
  });

  it('sweep cli --profile runs every point on that profile, resolved against the working directory', async () => {
    const file = join(dir, 'profiled.json');
    writeFileSync(file, JSON.stringify({ format: 'fave.sweep/v1', name: 'profiled', scenario, seeds: 1, grid: { '/regime': ['warm'] } }));
    const out = join(dir, 'profiled-result.json');
    const r = await run([file, '--profile', 'profiles/embedded-2core.json', '--workers', '1', '--out', out, '--quiet']);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).profile.path).toBe(join(root, 'profiles', 'embedded-2core.json'));
    const missing = await run([file, '--profile', 'nowhere.json', '--out', out]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nowhere.json');
  });
});
