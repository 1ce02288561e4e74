// A sweep run remotely on the embedded OpenFaaS: sim-runner deployed from stack.yml, shards
// sent as async calls (NATS JetStream + a queue-worker process), results collected by callback. The result file must be the local
// run's, byte for byte; a shard the function (or the gateway) refuses is reported by name.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../sim/profile/load.ts';
import { loadScenarioFile } from '../../sim/scenario/load.ts';
import { runShardsRemote, SweepShardsError } from '../../sim/sweep/remote/remote-pool.ts';
import { SHARD_FORMAT, type Shard } from '../../sim/sweep/shard.ts';
import { REPO_ROOT, startPlatform, type Platform } from './platform.ts';

const cli = join(REPO_ROOT, 'sim', 'sweep', 'cli.ts');
const scenarioPath = join(REPO_ROOT, 'scenarios', 'warm-burst.json');
const dir = mkdtempSync(join(tmpdir(), 'fave-remote-sweep-'));
let platform: Platform;

function sweepCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // OPENFAAS_URL unset: each run says where it goes.
    const env = { ...process.env, OPENFAAS_URL: '' };
    execFile(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: REPO_ROOT, env }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  // The queue worker runs one call at a time (max_inflight 1, as OpenFaaS's default), so
  // sim-runner (max_inflight 1) never answers 429 here.
  platform = await startPlatform({ functions: ['sim-runner'], queue: { max_inflight: '1', ack_wait: '60s' } });
  await platform.waitReady();
});
afterAll(async () => {
  await platform?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('remote sweep on the embedded gateway', () => {
  const sweepFile = join(dir, 'tiny.json');
  writeFileSync(sweepFile, JSON.stringify({ format: 'fave.sweep/v1', name: 'tiny', scenario: scenarioPath, seeds: 2, grid: { '/workload/count': [1, 2], '/regime': ['warm', 'cold'] }, objective: { slo: 20 } }));
  const local = join(dir, 'local.json');
  const remote = join(dir, 'remote.json');
  const never = join(dir, 'never.json');
  type Run = Awaited<ReturnType<typeof sweepCli>>;
  let l: Run, r: Run, refused: Run;
  // The three command lines run at once (each is a few seconds of start-up on a busy machine).
  beforeAll(async () => {
    [l, r, refused] = await Promise.all([
      sweepCli([sweepFile, '--workers', '1', '--quiet', '--out', local]),
      sweepCli([sweepFile, '--gateway', platform.gatewayUrl, '--shard-timeout', '60', '--out', remote]),
      sweepCli([sweepFile, '--gateway', platform.gatewayUrl, '--function', 'sim-runner-v0', '--out', never]),
    ]);
  });

  it('sweep --gateway writes the same result file as the local run, byte for byte, with progress on stderr', () => {
    expect(l.code).toBe(0);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(remote, 'utf8')).toBe(readFileSync(local, 'utf8'));
    expect(JSON.parse(readFileSync(remote, 'utf8')).points).toHaveLength(4);
    expect(r.stderr).toContain(`sweep: 4 shards → POST ${platform.gatewayUrl}/async-function/sim-runner, callbacks to http://127.0.0.1:`);
    for (const p of [0, 1, 2, 3]) expect(r.stderr).toMatch(new RegExp(`shard p${p}\\.0 done \\[\\d/4\\] \\(point ${p}, seeds 1-2\\) in [\\d.]+ s`));
    expect(r.stdout).toContain('Pareto front');
  });

  it('sweep --function names every shard that failed and why, exits 1 and writes nothing', () => {
    // OpenFaaS takes an async call to any name (202); the 404 comes back by callback.
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/shard p0\.0 FAILED \(point 0, seeds 1-2\): sim-runner-v0 answered 404: .*sim-runner-v0.* \(is the function 'sim-runner-v0' deployed on this gateway\?\)/);
    expect(refused.stderr).toContain('error: 4 of 4 shards failed:\n  shard p0.0 (point 0, seeds 1-2): sim-runner-v0 answered 404');
    expect(refused.stderr).toContain('nothing written');
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(() => readFileSync(never)).toThrow();
  });

  it('runShardsRemote reports by name a shard sim-runner answers 400, and still returns the good ones', async () => {
    const profile = await loadProfile(join(REPO_ROOT, 'profiles', 'default.json'));
    const scenario = { ...loadScenarioFile(scenarioPath), workload: { executor: 'burst' as const, count: 1 } };
    const good: Shard = { format: SHARD_FORMAT, id: 'p0.0', point: 0, source: scenarioPath, scenario, profile, seeds: [1] };
    const bad = { ...good, id: 'p1.0', point: 1, seeds: [1, 1.5] };
    const err = await runShardsRemote([good, bad], { gatewayUrl: platform.gatewayUrl, timeoutMs: 60_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SweepShardsError);
    expect((err as SweepShardsError).failures.map((f) => f.shard.id)).toEqual(['p1.0']);
    expect((err as Error).message).toMatch(/^1 of 2 shards failed:\n {2}shard p1\.0 \(point 1, seeds 1-1\.5\): sim-runner answered 400: shard: 1 problem\n {2}\$\.seeds\[1\]: must be an integer \(got 1\.5\) \(call [\w-]+\)$/);
  });
});
