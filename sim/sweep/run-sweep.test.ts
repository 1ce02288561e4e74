// Running a sweep on worker threads: the same result whatever the number of workers, the
// same numbers as `sim` for each configuration, and a clean stop on abort.
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../profile/load.ts';
import { runScenario } from '../run/run-scenario.ts';
import { readTrace } from '../trace/read.ts';
import { loadScenarioFile } from '../scenario/load.ts';
import { ConfigError } from '../scenario/errors.ts';
import { SweepAbortedError } from './pool.ts';
import { resolvePoints } from './load.ts';
import type { LoadedSweep } from './load.ts';
import { runSweep } from './run-sweep.ts';
import type { Sweep, SweepResult } from './types.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const defaultProfile = join(root, 'profiles', 'default.json');
const scenarioPath = join(root, 'scenarios', 'warm-burst.json');
const base = loadScenarioFile(scenarioPath);

function loaded(more: Partial<Sweep> = {}): LoadedSweep {
  const sweep: Sweep = { format: 'fave.sweep/v1', name: 'small', scenario: scenarioPath, seeds: 2, grid: { '/workload/count': [1, 3], '/regime': ['warm', 'cold'] }, objective: { slo: 20 }, ...more };
  return { sweep, scenarioPath, base, points: resolvePoints(base, sweep, 'small.json') };
}

describe('runSweep', () => {
  // Each sweep starts worker threads (a second or two each on a shared machine): the two
  // runs are shared by the tests that read them.
  let one: SweepResult, two: SweepResult;
  beforeAll(async () => {
    one = await runSweep(loaded(), 'small.json', { defaultProfile, workers: 1 });
    two = await runSweep(loaded(), 'small.json', { defaultProfile, workers: 2 });
  });

  it('runSweep gives the same result, bit for bit, with 1 and 2 workers', () => {
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    expect(one.format).toBe('fave.sweep-result/v1');
    expect(one.seeds).toEqual([base.seed, base.seed + 1]);
    expect(one.points.map((p) => p.overrides)).toEqual([
      { '/workload/count': 1, '/regime': 'warm' },
      { '/workload/count': 1, '/regime': 'cold' },
      { '/workload/count': 3, '/regime': 'warm' },
      { '/workload/count': 3, '/regime': 'cold' },
    ]);
    expect(one.points.filter((p) => p.pareto).map((p) => p.index)).toEqual([...one.pareto].sort());
  });

  it("runSweep keeps for each point the same estimates as `sim` gives that configuration", async () => {
    const l = loaded();
    const result = two;
    const profile = await loadProfile(defaultProfile);
    const point = l.points[3]!;
    const sim = runScenario(point.scenario, profile, defaultProfile, scenarioPath, { replications: 2 }).variants[0]!.summary;
    const m = result.points[3]!.metrics;
    expect(m.latency.p95).toEqual(sim.latency.p95);
    expect(m.successRate).toEqual(sim.successRate);
    expect(m.cost.replicaGBs).toEqual(sim.cost.replicaGBs);
    expect(m.coldStarts.mean).toBeCloseTo(Object.values(sim.functions).reduce((a, f) => a + f.coldStarts.mean, 0), 9);
    expect(result.points[3]!.objectives.cost).toBeCloseTo(sim.cost.replicaGBs.mean, 6);
  });

  it('runSweep rejects, before running anything, a point the model cannot resolve', async () => {
    const l = loaded({ grid: { '/platform/defaults/scaling/max': [1, 5], '/platform/defaults/scaling/min': [3] } });
    const err = await runSweep(l, 'small.json', { defaultProfile, workers: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).issues).toEqual([{ path: '$.grid["/platform/defaults/scaling/max"][0]', message: '$.platform.defaults.scaling: min (3) is greater than max (1), in point 0 (/platform/defaults/scaling/max=1, /platform/defaults/scaling/min=3)' }]);
  });

  it('runSweep leaves off the Pareto front a point that failed every request, though it is the cheapest', async () => {
    // An exec timeout of 1 s ends every media call: nothing succeeds, little is spent.
    const l = loaded({ grid: { '/platform/defaults/execTimeout': [1, 300] }, objective: {} });
    const r = await runSweep(l, 'small.json', { defaultProfile, workers: 1 });
    expect(r.points[0]!.metrics.successRate.mean).toBe(0);
    expect(r.points[0]!.objectives.cost).toBeLessThan(r.points[1]!.objectives.cost);
    expect(r.pareto).toEqual([1]);
    expect(r.points.map((p) => p.pareto)).toEqual([false, true]);
  });

  it('runSweep takes the profile given in place of the scenario\'s, resolved against the working directory', async () => {
    const other = join(root, 'profiles', 'embedded-2core.json');
    const l = loaded({ grid: { '/workload/count': [1], '/regime': ['warm'] } });
    const r = await runSweep(l, 'small.json', { defaultProfile, workers: 1, profile: relative(process.cwd(), other) });
    expect(r.profile.path).toBe(other);
    expect(r.points[0]!.metrics.latency.p95).not.toEqual(one.points[0]!.metrics.latency.p95);
  });

  it('runSweep stops its workers and rejects when aborted', async () => {
    const abort = new AbortController();
    const run = runSweep(loaded({ seeds: 20 }), 'small.json', { defaultProfile, workers: 2, signal: abort.signal, onProgress: (done) => done === 1 && abort.abort() });
    await expect(run).rejects.toBeInstanceOf(SweepAbortedError);
  });
});

describe('runSweep over a trace replay', () => {
  // The keep-alive sweep's base scenario, cut to two hours so the test stays quick: each
  // worker reads the trace itself, and each point must equal `sim` on the same trace.
  const tracePath = join(root, 'sweeps', 'base', 'azure-keepalive.json');
  const traceBase = { ...loadScenarioFile(tracePath), horizon: 7200 };

  it('runSweep replays the trace in every worker and matches `sim` for each keep-alive', async () => {
    const sweep: Sweep = { format: 'fave.sweep/v1', name: 'trace', scenario: tracePath, seeds: 1, grid: { '/platform/defaults/scaling/keepAlive': [60, 1800] }, objective: {} };
    const l: LoadedSweep = { sweep, scenarioPath: tracePath, base: traceBase, points: resolvePoints(traceBase, sweep, 'trace.json') };
    const result = await runSweep(l, 'trace.json', { defaultProfile, workers: 2 });
    const [short, long] = result.points;
    const trace = readTrace(traceBase.workload as Parameters<typeof readTrace>[0], tracePath);
    const sim = runScenario(l.points[1]!.scenario, null, null, tracePath, { replications: 1, trace }).variants[0]!.summary;
    expect(long!.metrics.cost.replicaGBs).toEqual(sim.cost.replicaGBs);
    expect(long!.metrics.latency.p99).toEqual(sim.latency.p99);
    // A longer keep-alive holds more memory and meets fewer cold starts.
    expect(long!.metrics.cost.replicaGBs.mean).toBeGreaterThan(short!.metrics.cost.replicaGBs.mean);
    expect(long!.metrics.coldStarts.mean).toBeLessThan(short!.metrics.coldStarts.mean);
  });
});
