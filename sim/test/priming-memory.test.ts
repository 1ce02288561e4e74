// Three mechanisms the original FAVE's experiments hinge on (docs/original-fave.md), each on
// a case small enough to compute by hand: the unprimed regime, a first call's work that the
// calls arriving meanwhile wait for, the node's memory and its OOM killer, and the
// orchestrator's own work between stage calls.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FunctionSpec, Scenario } from '../scenario/types.ts';
import { constant, oneFunction, pipelineProfile, simulate } from './helpers.ts';
import { runCli } from './run-cli.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SIM = join(ROOT, 'sim', 'cli.ts');

const fixed1 = { mode: 'fixed', min: 1, max: 1 } as const;
const burst = (count: number) => ({ executor: 'burst', count }) as const;
const rep = (r: ReturnType<typeof simulate>) => r.variants[0]!.replications[0]!;
const ends = (r: ReturnType<typeof simulate>) => r.variants[0]!.spans.filter((s) => s.fn === 'fn').map((s) => s.end);
/** A pipeline's platform with every timeout out of the way, one replica per function. */
const patient = { gateway: { upstreamTimeout: 1e6, writeTimeout: 1e6, readTimeout: 1e6 }, provider: { timeout: 1e6 } };
const slowest = { scaling: fixed1, execTimeout: 1e6 };

describe('regime unprimed', () => {
  const fn: FunctionSpec = { scaling: fixed1, warm: constant(1), firstCall: constant(4), containerStart: constant(10) };

  it('simulate with regime unprimed has the replica ready at t = 0, and its first call pays the first-call penalty', () => {
    const r = rep(simulate(oneFunction(fn, { regime: 'unprimed', workload: burst(1) })));
    expect(r.latency.max).toBeCloseTo(5, 9); // 4 s of first-call work, then 1 s: no container start
    expect(r.functions.fn!.firstCalls).toBe(1);
    expect(r.functions.fn!.coldStarts).toBe(0);
  });

  it('simulate with regime warm has the first call behind it, and with cold starts the container first', () => {
    expect(rep(simulate(oneFunction(fn, { regime: 'warm', workload: burst(1) }))).latency.max).toBeCloseTo(1, 9);
    expect(rep(simulate(oneFunction(fn, { regime: 'cold', workload: burst(1) }))).latency.max).toBeGreaterThan(15);
  });

  it('simulate takes a function\'s own regime over the scenario\'s', () => {
    const own = rep(simulate(oneFunction({ ...fn, regime: 'unprimed' }, { regime: 'warm', workload: burst(1) })));
    expect(own.latency.max).toBeCloseTo(5, 9);
  });
});

describe('first-call work (priming)', () => {
  it('simulate makes calls that arrive during a process\'s first-call work wait for it, then share the replica: all end together', () => {
    // 5 at once on one replica capped at one core: 4 s of first-call work alone, then five
    // 1-s calls sharing the core, 5 s: every call ends at 9 s (the original's lock-step).
    const r = simulate(oneFunction({ scaling: fixed1, warm: constant(1), firstCall: constant(4), cpuLimit: 1 }, { regime: 'unprimed', workload: burst(5), platform: { nodes: [{ cores: 8 }] } }));
    for (const end of ends(r)) expect(end).toBeCloseTo(9, 9);
    expect(rep(r).functions.fn!.firstCalls).toBe(1);
  });

  it('simulate lets a call that comes after the first-call work start at once', () => {
    const r = simulate(oneFunction({ scaling: fixed1, warm: constant(1), firstCall: constant(4) }, { regime: 'unprimed', workload: { executor: 'trace', arrivals: [0, 6] } }));
    expect(ends(r)).toEqual([expect.closeTo(5, 9), expect.closeTo(7, 9)]);
  });
});

describe('node memory', () => {
  const node = (memoryMB: number) => ({ nodes: [{ cores: null, memoryMB }] });

  it('simulate kills the replica when the node runs out of memory, every call in it failing with oom', () => {
    // base 100 MB + 50 MB per call: 4 calls hold 300 MB, within 320; the 5th makes 350.
    const fn: FunctionSpec = { scaling: fixed1, warm: constant(10), memoryMB: { base: 100, perRequest: 50 } };
    expect(rep(simulate(oneFunction(fn, { workload: burst(4), platform: node(320) }))).outcomes.oom).toBe(0);
    const five = rep(simulate(oneFunction(fn, { workload: burst(5), platform: node(320) })));
    expect(five.outcomes.oom).toBe(5);
    expect(five.functions.fn!.ooms).toBe(1);
  });

  it('simulate ends a run in which a container restarted in no time would be killed again at once (it hung)', async () => {
    // No start or init time (none given: both 0), per-call memory on full nodes: an OOM kill
    // restarted the container at the same instant, its init job counted a call's memory, the
    // node was over again and the same replica, oldest among equals, was killed again, for
    // ever. A container still initialising is no OOM victim now. In a child process with a
    // time limit, so that the loop, were it back, fails this test instead of hanging the suite.
    const dir = mkdtempSync(join(tmpdir(), 'fave-oom-'));
    const scenario = join(dir, 'oom-restart.json');
    writeFileSync(scenario, JSON.stringify({
      format: 'fave.scenario/v1', name: 'oom-restart', seed: 1, horizon: 120, target: 'f',
      workload: { executor: 'poisson', rate: 1 },
      platform: {
        nodes: [{ cores: null, memoryMB: 400, count: 2 }],
        defaults: { execTimeout: 8 },
        functions: { f: { warm: { type: 'exponential', mean: 25 }, memoryMB: { base: 100, perRequest: 60 }, scaling: { mode: 'lambda', keepAlive: 30, max: 8 } } },
      },
    }));
    const out = join(dir, 'result.json');
    const r = await runCli(SIM, [scenario, '--out', out, '--quiet'], ROOT, 60_000);
    expect(r.code, r.stderr).toBe(0);
    const f = JSON.parse(readFileSync(out, 'utf8')).variants[0].replications[0].functions.f;
    expect(f.ooms).toBeGreaterThan(0);
  }, 90_000);

  it('simulate kills the largest replica first, and only as many as the node needs', () => {
    // The pipeline's stages on one 1100-MB node, one replica each: one video at a time never
    // fills it; five at once put five calls on every stage they reach.
    const profile = pipelineProfile(1, { clips: 1, frames: 1, cores: 8 });
    for (const st of Object.values(profile.stages)) st.memoryMB = { base: 50, perRequest: 10 };
    profile.stages['ffmpeg-2']!.memoryMB = { base: 50, perRequest: 150 };
    profile.stages['ffmpeg-2']!.warm = { dist: constant(20), family: 'constant', n: 0 };
    const scenario = (count: number): Scenario => ({
      format: 'fave.scenario/v1', name: 'mem', seed: 1, horizon: 100, workload: burst(count), client: { timeout: 1e6 },
      platform: { ...patient, nodes: [{ cores: null, memoryMB: 1100 }], defaults: slowest }, state: { mode: 'off' },
    });
    const one = rep(simulate(scenario(1), profile));
    expect(one.outcomes.ok).toBe(1);
    const five = rep(simulate(scenario(5), profile));
    // Bases: 7 stages × 50 MB + the orchestrator's 60 = 410 MB. ffmpeg-2's fifth call takes
    // it to 50 + 5 × 150 = 800 MB, the node to 1160 MB: ffmpeg-2, the largest, is killed.
    expect(five.functions['ffmpeg-2']!.ooms).toBe(1);
    expect(Object.entries(five.functions).filter(([name, f]) => name !== 'ffmpeg-2' && f.ooms > 0)).toEqual([]);
    expect(five.outcomes.aborted).toBe(5);
  });
});

describe('orchestrator work', () => {
  const profile = () => {
    const p = pipelineProfile(1, { clips: 1, frames: 1, cores: 8 });
    p.overheads = { orchestrator: { dist: constant(0.5), family: 'constant', n: 0 } };
    return p;
  };
  const scenario = (count: number, orchestrator: FunctionSpec = {}): Scenario => ({
    format: 'fave.scenario/v1', name: 'orch', seed: 1, horizon: 100, workload: burst(count), client: { timeout: 1e6 },
    platform: { ...patient, nodes: [{ cores: 8 }], defaults: slowest, functions: { orchestrator: { warm: constant(0), ...orchestrator } } },
    state: { mode: 'off' },
  });

  it('simulate adds the profile\'s orchestrator work after each stage call: 7 calls of 1 s and 7 × 0.5 s', () => {
    expect(rep(simulate(scenario(1), profile())).latency.max).toBeCloseTo(10.5, 9);
  });

  it('simulate shares the orchestrator\'s replica between its requests\' work: capped at one core, five requests take five times as long for it', () => {
    const r = simulate(scenario(5, { cpuFraction: 1, cpuLimit: 1 }), profile());
    // Stages are not capped: five calls in parallel on 8 cores, 1 s each. The orchestrator's
    // 0.5 s per call, five at once on one core: 2.5 s. 7 × (1 + 2.5) = 24.5 s for all five.
    const orchestrator = r.variants[0]!.spans.filter((s) => s.fn === 'orchestrator');
    expect(orchestrator.map((s) => s.end - s.start)).toEqual(Array(5).fill(expect.closeTo(24.5, 9)));
  });

  it('simulate runs no orchestrator work when the scenario sets none and the profile has none', () => {
    expect(rep(simulate(scenario(1), pipelineProfile(1, { clips: 1, frames: 1, cores: 8 }))).latency.max).toBeCloseTo(7, 9);
  });
});
