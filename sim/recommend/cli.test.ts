// The `npm run recommend` command line on a shipped scenario: the winner pinned, the same
// answer whatever the number of workers, the written scenario a valid one that, simulated,
// meets the SLO; exit 4 when nothing meets it, exit 2 on bad input.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runScenarioFile } from '../run/run-scenario.ts';
import { loadScenarioFile } from '../scenario/load.ts';
import { runCliUnwrapped } from '../test/run-cli.ts';

const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));
const run = (args: string[]) => runCliUnwrapped(cli, args, root);
const withoutTime = (text: string) => text.replace(/\(\d+\.\d s\)/g, '(…)');

describe('recommend cli', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fave-recommend-'));

  it('recommend cli picks the cheapest configuration of scenarios/timeouts.json that meets the SLO, and writes it as a scenario that meets it when simulated', async () => {
    const out = join(dir, 'winner.json');
    const args = ['scenarios/timeouts.json', '--slo', 'p95<=100s,success>=99%', '--out', out, '--quiet'];
    const [one, two] = [await run([...args, '--workers', '1']), await run([...args, '--workers', '2'])];
    expect(one.code).toBe(0);
    expect(withoutTime(two.stdout)).toBe(withoutTime(one.stdout));
    // OpenFaaS's default timeouts fail every request; raised to 300 s every request succeeds,
    // and pre-warming each next stage costs less than meeting each cold start in turn.
    expect(one.stdout).toContain('timeouts: 36 candidates (the default space: replicas × max_inflight × timeouts × pre-warm), each on seeds 1..10');
    expect(one.stdout).toContain('winner: #3 (replicas 1, max_inflight unlimited, timeouts 300/300/300 s, pre-warm dag)');
    expect(one.stdout).toMatch(/runner-up: #2 \(replicas 1, max_inflight unlimited, timeouts 300\/300\/300 s, pre-warm none\): meets the SLO but costs more \(\+\d/);
    // The cheaper ones, nearest first: a cap of 2 calls per replica refuses (429) 3 videos of 5.
    expect(one.stdout).toMatch(/cheaper, but:\n  #10 \(replicas 1, max_inflight 2, timeouts 300\/300\/300 s, pre-warm none\): replicaGBs [\d.]+ \[[\d.]+, [\d.]+\]; success 40.0% < 99%\n/);
    expect(one.stdout).toContain('p95: no request succeeded in 10 of 10 seeds; success 0.0% < 99%');
    expect(one.stdout).toContain(`winner written to ${out}`);
    expect(one.stderr).toContain("its 4 'compare' variants are left out");

    const scenario = loadScenarioFile(out);
    expect(scenario).toMatchObject({ name: 'timeouts-recommended', replications: 10, platform: { provider: { timeout: 300 }, defaults: { execTimeout: 300 } } });
    expect(scenario.compare).toBeUndefined();
    const result = await runScenarioFile(out, { defaultProfile: join(root, 'profiles', 'default.json') });
    const summary = result.variants[0]!.summary;
    expect(summary.latency.p95.hi).toBeLessThanOrEqual(100);
    expect(summary.successRate.lo).toBeGreaterThanOrEqual(0.99);
    expect(one.stdout).toContain(`p95 ${summary.latency.p95.mean.toFixed(2)} [${summary.latency.p95.lo.toFixed(2)}, ${summary.latency.p95.hi.toFixed(2)}] s ≤ 100 s`);
  });

  it('recommend cli exits 4 and writes nothing when no candidate meets the SLO, naming the closest', async () => {
    const out = join(dir, 'none.json');
    const r = await run(['scenarios/steady.json', '--slo', 'p95<=1s', '--out', out, '--quiet', '--replications', '3']);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain('no candidate meets the SLO (p95<=1s) with confidence');
    expect(r.stdout).toMatch(/closest: #\d+ \(replicas \d, max_inflight \w+\): p95 [\d.]+ \[[\d.]+, [\d.]+\] s > 1 s/);
    expect(r.stdout).toContain('nothing written');
    expect(() => readFileSync(out)).toThrow();
  });

  it('recommend cli searches a sweep file\'s points with --space, on --profile', async () => {
    const space = join(dir, 'space.json');
    writeFileSync(space, JSON.stringify({ format: 'fave.sweep/v1', name: 's', scenario: join(root, 'scenarios', 'warm-burst.json'), seeds: 1, grid: { '/platform/defaults/scaling/min': [1, 2] }, objective: { cost: 'busyGBs' } }));
    const out = join(dir, 'space-winner.json');
    const r = await run(['scenarios/warm-burst.json', '--slo', 'success>=50%', '--space', space, '--profile', 'profiles/default.json', '--replications', '2', '--out', out, '--quiet']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`2 candidates (${space})`);
    expect(r.stdout).toContain('cost busyGBs');
    expect(r.stdout).toMatch(/winner: #\d \(min \d\)/);
    expect(loadScenarioFile(out).profile).toMatch(/profiles\/default\.json$/);
  });

  it('recommend cli exits 2 on a bad SLO, a missing one and bad options, naming what is wrong', async () => {
    const bad = await run(['scenarios/steady.json', '--slo', 'p95<=40s,success>=101%']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("recommend: --slo: term 2 'success>=101%': a share from 0% to 100% (got 101%)");
    expect(bad.stderr).toContain('usage: ./fave recommend');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const none = await run(['scenarios/steady.json']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--slo is required');
    const reps = await run(['scenarios/steady.json', '--slo', 'p95<=40s', '--replications', '1']);
    expect(reps.code).toBe(2);
    expect(reps.stderr).toContain('--replications must be an integer ≥ 2');
    const typo = await run(['scenarios/steady.json', '--slo', 'p95<=40s', '--spaces', 'x.json']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('(did you mean --space?)');
  });
});
