// The `npm run golden` command line: what it prints, what --update writes, its exit codes.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../test/run-cli.ts';
import type { GoldenFile } from './golden.ts';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));

const run = (args: string[]) => runCli(cli, args, root);

describe('golden cli', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fave-golden-cli-'));

  it('golden cli on named scenarios checks them against sim/golden/golden.json and exits 0 when nothing moved', async () => {
    const r = await run(['scenarios/warm-burst.json', 'sweeps/base/timeouts.json']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^scenarios\/warm-burst\.json: as pinned \(1 variant, 10 replications; [\d.]+ s\)$/m);
    expect(r.stdout).toMatch(/^sweeps\/base\/timeouts\.json: as pinned \(1 variant, 5 replications; [\d.]+ s\)$/m);
    expect(r.stdout).toContain('every pinned number as pinned');
    expect(r.code).toBe(0);
  });

  it('golden cli --update pins a scenario into the golden file given, and without it names each number that moved and exits 1', async () => {
    const file = join(dir, 'golden.json');
    const up = await run(['--update', '--golden', file, 'scenarios/timeouts.json']);
    expect(up.stdout).toContain('scenarios/timeouts.json: not pinned');
    expect(up.stdout).toContain('rewritten (1 scenario moved): say why in the commit message');
    expect(up.code).toBe(0);
    const golden = JSON.parse(readFileSync(file, 'utf8')) as GoldenFile;
    const pinned = golden.scenarios['scenarios/timeouts.json']!;
    expect(Object.keys(pinned.variants)).toEqual(['defaults 60/10/30 s', 'defaults + 3 retries', '300 s everywhere', '300 s + 3 retries']);
    expect(pinned).toMatchObject({ seed: 1, replications: 10 });

    const was = pinned.variants['300 s everywhere']!.latency.p50!;
    pinned.variants['300 s everywhere']!.latency.p50 = was + 1;
    writeFileSync(file, JSON.stringify(golden));
    const check = await run(['--golden', file, 'scenarios/timeouts.json']);
    expect(check.stdout).toContain(`scenarios/timeouts.json, variant "300 s everywhere": latency.p50 ${was + 1} → ${was}\n`);
    expect(check.stdout).toContain('1 scenario moved: if meant, ./fave golden --update, and say why in the commit message');
    expect(check.code).toBe(1);
  });

  it('golden cli runs a scenario with fewer replications and JSON-pointer sets when its run settings say so', async () => {
    const file = join(dir, 'settings.json');
    const run1 = { replications: 2, set: { '/horizon': 30 }, why: 'a test' };
    writeFileSync(file, JSON.stringify({ digits: 9, scenarios: { 'scenarios/steady.json': { run: run1, seed: 1, replications: 0, variants: {} } }, excluded: {} }));
    const r = await run(['--update', '--golden', file, 'scenarios/steady.json']);
    expect(r.code).toBe(0);
    const pinned = (JSON.parse(readFileSync(file, 'utf8')) as GoldenFile).scenarios['scenarios/steady.json']!;
    expect(pinned.run).toEqual(run1);
    expect(pinned.replications).toBe(2);
    expect(pinned.variants['base']!.requests).toBe(1); // one video every 30 s, cut at 30 s
  });

  it('golden cli exits 2 on a file that is not a shipped scenario and on an unknown option', async () => {
    const sweep = await run(['sweeps/timeouts.json']);
    expect(sweep.stderr).toContain('error: not a shipped scenario: sweeps/timeouts.json');
    expect(sweep.code).toBe(2);
    const option = await run(['--updat']);
    expect(option.stderr).toContain("unknown option '--updat' (did you mean --update?)");
    expect(option.code).toBe(2);
  });
});
