import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfile } from '../../sim/profile/load.ts';
import type { CalibrationProfile } from '../../sim/profile/types.ts';
import type { Scenario } from '../../sim/scenario/types.ts';
import { InputError } from '../errors.ts';
import { formatScorecard } from './format.ts';
import { checkRepeats } from './repeats.ts';
import { replay } from './replay.ts';
import { approximationNotes, readRunDir, type RunData } from './run-dir.ts';
import { score } from './score.ts';
import { hostNotes } from './host-notes.ts';
import { speedTraceOfRun } from './speed-trace.ts';
import { writeSyntheticRun } from './synthetic-run.ts';

// One stage called by a Poisson stream, cold regime with scale from zero: enough requests
// (~400) for the percentiles to settle, some first calls, and quick to simulate.
const scenario: Scenario = {
  format: 'fave.scenario/v1', name: 'validate-synthetic', seed: 1, horizon: 400, target: 'ffmpeg-1',
  workload: { executor: 'poisson', rate: 1 },
  client: { timeout: 600 },
  platform: { edition: 'pro', defaults: { scaling: { mode: 'rps', min: 1, max: 4 } } },
};

const PROFILE = 'profiles/default.json';
const scoreRuns = (runs: RunData[], p: CalibrationProfile, reps = 5) => score(runs, { withoutTrace: runs.map((r) => replay(r, p, PROFILE, reps, 1)) }, PROFILE, reps, 1);

/** Synthetic live runs (one per seed) made with the profile, perturbed or not, scored against the unperturbed one. */
async function setup(perturb?: (p: CalibrationProfile) => void, seeds = [99], s: Scenario = scenario) {
  const profile = await loadProfile(PROFILE);
  const made = structuredClone(profile);
  perturb?.(made);
  const runs = seeds.map((seed) => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fave-validate-'));
    writeSyntheticRun(dir, { ...s, seed }, made, seed);
    return readRunDir(dir);
  });
  return { runs, profile, card: scoreRuns(runs, profile) };
}

// Every warm sample 1.5 times longer, as an empirical distribution.
const slower = (p: CalibrationProfile) => {
  const warm = p.stages['ffmpeg-1']!.warm;
  warm.dist = { type: 'empirical', samples: (warm.samples ?? []).map((x) => x * 1.5) };
};

describe('validate', () => {
  it('score() calls a run made with the same profile indistinguishable from a rerun, end to end and per function', async () => {
    const { card, runs } = await setup();
    expect(runs[0]!.requests.length).toBeGreaterThan(300);
    expect(card).toMatchObject({ format: 'fave.validation/v2', kind: 'validation', runs: [runs[0]!.dir], match: true });
    expect(card.method.floor.method).toBe('bootstrap-halves');
    const b = card.replays.withoutTrace;
    expect(b.checks.filter((c) => !c.pass)).toEqual([]);
    expect(b.e2e.verdict).toBe('indistinguishable');
    expect(b.functions['ffmpeg-1']!.verdict).toBe('indistinguishable');
    // Each replication is compared on its own, at about the live run's n.
    expect(Math.abs(b.e2e.n.sim - b.e2e.n.live[0]!)).toBeLessThan(0.15 * b.e2e.n.live[0]!);
    expect(b.e2e.tests.ks!.comparisons).toBe(5);
    expect(b.e2e.tests.ks!.rejects).toBe(false);
    expect(card.replays.withTrace).toBeUndefined();
  });

  it('score() calls a run made with a 1.5x slower stage distinguishable, and the two-sample tests reject it', async () => {
    const { card } = await setup(slower);
    const b = card.replays.withoutTrace;
    expect(card.match).toBe(false);
    expect(b.e2e.verdict).toBe('distinguishable');
    expect(b.e2e.distances.p50.sim).toBeLessThan(-0.1);
    for (const m of ['p50', 'p95', 'ks', 'w1'] as const) expect(b.e2e.distances[m].within, m).toBe(false);
    expect(b.functions['ffmpeg-1']!.verdict).toBe('distinguishable');
    expect(b.e2e.tests.ks!.rejects).toBe(true);
    expect(b.e2e.tests.ad!.pValue).toBe(0.001);
  });

  it('score() with repeats takes the floor from their distances to each other: two runs of one scenario on different seeds', async () => {
    const { card } = await setup(undefined, [99, 100]);
    expect(card.method.floor.method).toBe('bootstrap-repeats');
    const e = card.replays.withoutTrace.e2e;
    expect(e.n.live).toHaveLength(2);
    // Two ordered pairs of repeats, measured both ways.
    expect(e.distances.ks.live).toHaveLength(2);
    expect(e.verdict).toBe('indistinguishable');
    expect(card.match).toBe(true);
  });

  it('score() judges a run where every request failed on its failure causes, not on latencies neither side has', async () => {
    const { card } = await setup(undefined, [99], { ...scenario, horizon: 30, client: { timeout: 0.01 } });
    const b = card.replays.withoutTrace;
    expect(b.e2e.n.live).toEqual([0]);
    expect(b.e2e.verdict).toBe('no latency');
    expect(b.checks.find((c) => c.name === 'e2e latency')).toMatchObject({ value: 'no latency', pass: true });
    expect(b.checks.find((c) => c.name === 'failure causes')).toMatchObject({ value: 'live [client-timeout] sim [client-timeout]', pass: true });
  });

  it('a second replay is one more Block beside the first, scored against the same floors', async () => {
    const profile = await loadProfile(PROFILE);
    const run = readRunDir(path.join(import.meta.dirname, 'recorded', 'warm-burst'));
    const sims = [replay(run, profile, PROFILE, 2, 1)];
    const card = score([run], { withoutTrace: sims, withTrace: sims }, PROFILE, 2, 1);
    expect(card.replays.withTrace).toStrictEqual(card.replays.withoutTrace);
    // The second block's table is headed by its name over its replications (two head lines).
    const text = formatScorecard(card, { colour: false });
    expect(text).toMatch(/^with trace: .*\n2 replications /m);
    expect(text).toMatch(/^with trace: (MATCH|MISS) \(\d+\/\d+ checks pass\)$/m);
  });

  it('formatScorecard prints per subject n, the errors against the floor and the verdict, then the tests and the checks', async () => {
    const { card } = await setup(slower);
    const wide = formatScorecard(card, { wide: true, colour: false });
    expect(wide).toMatch(/noise floor: the upper 95% point of 1000 splits of the run into halves/);
    expect(wide).toMatch(/\nend to end +\d+ \/ [\d.]+ +[\d.]+ \/ [\d.]+ +-\d+\.\d% \(\d+\.\d% > \d+\.\d%\)/);
    expect(wide).toMatch(/\nffmpeg-1 .*distinguishable/);
    expect(wide).toMatch(/KS: D \/ critical \/ p \(α = 0\.05\)/);
    expect(wide).toMatch(/verdict: MISS$/);
    // By default: the distance against its floor, no signed error, every line within 100 columns, no escape codes.
    const text = formatScorecard(card, { colour: false });
    expect(text).toMatch(/\nend to end +\d+\.\d% > \d+\.\d%/);
    expect(text).toMatch(/KS \(α = 0\.05\)/);
    expect(Math.max(...text.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(100);
    expect(Math.max(...wide.split('\n').map((l) => [...l].length))).toBeGreaterThan(100);
    expect(text).not.toContain('\x1b');
    expect(formatScorecard(card, { colour: true })).toContain('\x1b[31mMISS\x1b[39m');
  });

  it('checkRepeats() refuses run dirs whose scenarios differ beyond name and seed, naming both files and the field', async () => {
    const { runs } = await setup(undefined, [99]);
    const renamed = { ...runs[0]!, dir: '/runs/b', scenario: { ...runs[0]!.scenario, name: 'again', seed: 5 } };
    expect(() => checkRepeats([runs[0]!, renamed])).not.toThrow();
    const faster = { ...renamed, scenario: { ...renamed.scenario, workload: { executor: 'poisson' as const, rate: 2 } } };
    expect(() => checkRepeats([runs[0]!, faster])).toThrow(InputError);
    expect(() => checkRepeats([runs[0]!, faster])).toThrow(/scenario\.json and \/runs\/b\/scenario\.json differ at \/workload\/rate \(1 against 2\)/);
  });

  it('readRunDir() reads the live run\'s approximations from its result.json, and validate notes them', async () => {
    const { runs } = await setup(undefined, [99, 100]);
    expect(runs[0]!.approximations).toEqual([]); // no result.json (as the recorded runs)
    const line = '$.platform.autoscaler.evaluation="tick" (the default): the gateway times the alert as faas-netes\' chart does';
    writeFileSync(path.join(runs[0]!.dir, 'result.json'), JSON.stringify({ kind: 'live', live: { settings: { applied: [], notApplied: [], approximations: [line] } } }));
    const both = [readRunDir(runs[0]!.dir), runs[1]!];
    expect(both[0]!.approximations).toEqual([line]);
    expect(approximationNotes(both)).toEqual([`the live runs (1 of 2) approximated ${line}`]);
    writeFileSync(path.join(runs[1]!.dir, 'result.json'), JSON.stringify({ live: { settings: { approximations: 'held' } } }));
    expect(() => readRunDir(runs[1]!.dir)).toThrow(/result\.json: live\.settings\.approximations must be a list of strings/);
  });

  it('readRunDir() names the file and line of a malformed request or telemetry record', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fave-validate-bad-'));
    writeSyntheticRun(dir, { ...scenario, horizon: 30 }, await loadProfile(PROFILE), 99);
    const requests = readFileSync(path.join(dir, 'requests.jsonl'), 'utf8').split('\n');
    writeFileSync(path.join(dir, 'requests.jsonl'), [requests[0], '{"index":1,"arrival":2,"latency":"slow","outcome":"ok"}'].join('\n'));
    expect(() => readRunDir(dir)).toThrow(/requests\.jsonl:2: 'latency' must be a number/);
    writeFileSync(path.join(dir, 'requests.jsonl'), requests.join('\n'));
    const tel = readFileSync(path.join(dir, 'telemetry.jsonl'), 'utf8').split('\n');
    writeFileSync(path.join(dir, 'telemetry.jsonl'), [tel[0], tel[1]!.replace('"stage"', '"stag"')].join('\n'));
    expect(() => readRunDir(dir)).toThrow(InputError);
    expect(() => readRunDir(dir)).toThrow(/telemetry\.jsonl:2: telemetry record/);
    expect(() => readRunDir(path.join(dir, 'nope'))).toThrow(/no such run directory/);
  });

  it('a run on a machine 1.5x slower than at calibration misses without the trace and is indistinguishable with it', async () => {
    // The truth: the run's machine was slower throughout (every node at speed 1/1.5), and its
    // probe said so (1.5x the calibration's baseline). The model is right; the machine moved.
    const profile = await loadProfile(PROFILE);
    const baseline = 0.0033;
    const calibrated: CalibrationProfile = {
      ...profile,
      conditions: { probe: { baseline, p50: baseline, p95: baseline, max: baseline }, load1: { mean: 0, max: 0 }, steal: null, samples: 20, busy: false, forced: false },
    };
    const dir = mkdtempSync(path.join(tmpdir(), 'fave-validate-slow-'));
    const slowMachine: Scenario = { ...scenario, platform: { ...scenario.platform, speedTrace: { at: [0], speed: [1 / 1.5] } } };
    writeSyntheticRun(dir, { ...slowMachine, seed: 99 }, profile, 99);
    // The recorder started 3 s before the arrivals (platform start, warm-up): `run` aligns it.
    const lines = Array.from({ length: 410 }, (_, t) => JSON.stringify({ t, probe: baseline * 1.5, load1: 0.5, steal: null, ...(t >= 3 ? { run: t - 3 } : {}) }));
    writeFileSync(path.join(dir, 'machine.jsonl'), `${lines.join('\n')}\n`);
    const run = readRunDir(dir);
    // writeSyntheticRun echoes the scenario it ran; the live run's would not name the machine.
    run.scenario = { ...scenario, seed: 99 };
    const trace = speedTraceOfRun(dir, calibrated)!;
    expect(trace.speedTrace.at).toEqual([0]);
    expect(trace.speedTrace.speed[0]).toBeCloseTo(1 / 1.5, 12);
    const card = score([run], { withoutTrace: [replay(run, calibrated, PROFILE, 5, 1)], withTrace: [replay(run, calibrated, PROFILE, 5, 1, trace.speedTrace)] }, PROFILE, 5, 1);
    expect(card.replays.withoutTrace.e2e.verdict).toBe('distinguishable');
    expect(card.replays.withTrace!.e2e.verdict).toBe('indistinguishable');
    expect(card.replays.withTrace!.functions['ffmpeg-1']!.verdict).toBe('indistinguishable');
    expect(card.match).toBe(false); // the verdict is the prediction made ahead, without the trace
  });

  it('hostNotes() says when a run ran on another host than the profile was measured on, or cannot be checked', async () => {
    const { runs, profile } = await setup();
    const host = { cpuModel: 'Test CPU', cpuFlags: ['avx2', 'sse4_2'], cores: 2, memoryMB: 24000, kernel: '6.1.0', platform: 'linux-x64' };
    expect(hostNotes(runs, profile)).toEqual([`host: the profile does not record the host it was measured on, so ${runs[0]!.dir} cannot be checked against it`]);
    expect(hostNotes(runs, { ...profile, host })).toEqual([`host: ${runs[0]!.dir} has no host.json, so its host cannot be checked against the profile's`]);
    writeFileSync(path.join(runs[0]!.dir, 'host.json'), JSON.stringify({ ...host, cores: 8, cpuFlags: ['sse4_2'] }));
    expect(hostNotes(runs, { ...profile, host })).toEqual([
      `host: ${runs[0]!.dir} ran on another host than the profile was measured on (profile vs run: cores 2 vs 8; CPU flags differ: avx2 missing): per-function errors may be the hosts', not the model's`,
    ]);
    writeFileSync(path.join(runs[0]!.dir, 'host.json'), JSON.stringify(host));
    expect(hostNotes(runs, { ...profile, host })).toEqual([]);
    writeFileSync(path.join(runs[0]!.dir, 'host.json'), '{"cores": 2}');
    expect(() => hostNotes(runs, { ...profile, host })).toThrow(/host\.json: must hold cpuModel, cpuFlags, cores, memoryMB, kernel and platform/);
  });
});
