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
    // The legend (wrapped at 100 columns, continuations indented by 4) explains the column.
    expect(r.stdout.replace(/\n {4,}/g, ' ')).toContain('lost updates: state writes that overwrote another');
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

  it('sim cli warns when Community Edition clamps a replica range, and on a near-miss flag suggests the flag', async () => {
    const s = join(dir, 'clamped.json');
    writeFileSync(s, JSON.stringify({
      format: 'fave.scenario/v1', name: 'clamped', seed: 1, horizon: 5, target: 'fn', workload: { executor: 'burst', count: 2 },
      platform: { functions: { fn: { warm: { type: 'constant', value: 1 }, scaling: { mode: 'fixed', min: 8, max: 8 } } } },
    }));
    const r = await run([s, '--quiet', '--out', join(dir, 'clamped-result.json')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`warning: ${s}: $.platform.functions.fn.scaling.min: 8 taken as 5: Community Edition keeps 1–5 replicas`);
    const typo = await run([s, '--replication', '2']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("unknown option '--replication' (did you mean --replications?)");
  });

  it('sim cli --profile replaces the scenario\'s profile, resolved against the working directory, not the scenario\'s folder', async () => {
    // The scenario sits in a temporary folder: its own relative profile would not be found there.
    const s = join(dir, 'elsewhere-profile.json');
    writeFileSync(s, JSON.stringify({ format: 'fave.scenario/v1', name: 'ep', seed: 1, horizon: 10, profile: 'missing.json', workload: { executor: 'burst', count: 1 } }));
    const out = join(dir, 'ep.json');
    const r = await run([s, '--profile', 'profiles/embedded-2core.json', '--out', out, '--quiet']);
    expect(r.code).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8'));
    expect(result.profile.path).toBe(join(root, 'profiles', 'embedded-2core.json'));
    const missing = await run([s, '--profile', 'profiles/nowhere.json', '--out', out, '--quiet']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nowhere.json');
    const empty = await run([s, '--profile', '', '--out', out, '--quiet']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toContain('--profile needs a file');
  });

  it('sim cli exits 2 when the scenario names a missing profile', async () => {
    const s = join(dir, 'noprofile.json');
    writeFileSync(s, JSON.stringify({ format: 'fave.scenario/v1', name: 'np', seed: 1, horizon: 10, profile: 'nowhere.json', workload: { executor: 'burst', count: 1 } }));
    const r = await run([s]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nowhere.json');
  });

  it('sim cli refuses an incomplete profile (exit 2, naming the file and --allow-incomplete) and uses it with the flag', async () => {
    const profile = JSON.parse(readFileSync(join(root, 'profiles/default.json'), 'utf8'));
    const partial = join(dir, 'calibrated.partial.json');
    writeFileSync(partial, JSON.stringify({ ...profile, status: 'incomplete' }));
    const s = join(dir, 'uses-partial.json');
    writeFileSync(s, JSON.stringify({ format: 'fave.scenario/v1', name: 'up', seed: 1, horizon: 5, profile: partial, workload: { executor: 'burst', count: 1 } }));
    const refused = await run([s, '--out', join(dir, 'up.json'), '--quiet']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`${partial}: an incomplete calibration profile`);
    expect(refused.stderr).toContain('--allow-incomplete');
    const allowed = await run([s, '--out', join(dir, 'up.json'), '--quiet', '--allow-incomplete']);
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toContain('is an incomplete calibration (--allow-incomplete)');
  });

  it('sim cli warns, one line per difference, when the profile was measured on another host, and still simulates', async () => {
    const profile = JSON.parse(readFileSync(join(root, 'profiles/default.json'), 'utf8'));
    const elsewhere = join(dir, 'elsewhere.json');
    const host = { cpuModel: 'A CPU no machine has', cpuFlags: [], cores: 4096, memoryMB: 1, kernel: 'no-such-kernel', platform: 'plan9-pdp11' };
    writeFileSync(elsewhere, JSON.stringify({ ...profile, host }));
    const s = join(dir, 'uses-elsewhere.json');
    writeFileSync(s, JSON.stringify({ format: 'fave.scenario/v1', name: 'ue', seed: 1, horizon: 5, profile: elsewhere, workload: { executor: 'burst', count: 1 } }));
    const r = await run([s, '--out', join(dir, 'ue.json'), '--quiet']);
    expect(r.code).toBe(0);
    const warnings = r.stderr.split('\n').filter((l) => l.startsWith(`warning: ${elsewhere} was measured on another host: `));
    expect(warnings.map((l) => l.split(': ').slice(2).join(': ').split(' ')[0])).toEqual(['platform', 'CPU', 'cores', 'memory', 'kernel']);
    expect(r.stderr).toContain('cores 4096 vs ');
  });
});
