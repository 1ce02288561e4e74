// The async round (docs/validation.md, "Async round"): two live runs of
// scenarios/async/live-check.json on the shared 2-core machine, kept here with the profile
// they were scored against, so the scorecard of the docs is reproduced from the recorded runs
// (the replay is seeded) and a change in scoring or in the simulator's queue shows up here.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../sim/profile/load.ts';
import { replay } from './replay.ts';
import { readRunDir, type RunData } from './run-dir.ts';
import { type Scorecard, score } from './score.ts';

const dir = path.join(import.meta.dirname, 'recorded', 'async-round');
const PROFILE = path.join(dir, 'profile.json');
let runs: RunData[];
let card: Scorecard;

beforeAll(async () => {
  const profile = await loadProfile(PROFILE);
  runs = ['repeat-1', 'repeat-2'].map((r) => readRunDir(path.join(dir, 'live-check', r)));
  card = score(runs, { withoutTrace: runs.map((run) => replay(run, profile, PROFILE, 10, 1)) }, PROFILE, 10, 1);
});

describe('validate on the recorded async round', () => {
  it('each run: 45 calls accepted and called back once, the waits measured by the stage\'s telemetry', () => {
    for (const run of runs) {
      expect(run.requests).toHaveLength(45);
      expect(run.requests.every((r) => r.outcome === 'ok' && r.async && r.async.queueWait !== null && r.async.timeToCallback! >= r.async.queueWait)).toBe(true);
    }
  });

  it('the docs\' table: queue wait and time to callback about 70% short in the simulation, beyond the repeats\' floor; execution time 51% short', () => {
    const b = card.replays.withoutTrace;
    expect(card.method.floor.method).toBe('bootstrap-repeats');
    const qw = b.async!.queueWait;
    const ttc = b.async!.timeToCallback;
    const fn = b.functions['ffmpeg-0']!;
    expect(qw.live.p50).toBeCloseTo(0.8, 3);
    expect(qw.sim.p50).toBeCloseTo(0.228, 3);
    expect(ttc.live.p50).toBeCloseTo(0.961, 3);
    expect(ttc.sim.p50).toBeCloseTo(0.285, 3);
    expect(fn.distances.p50.sim).toBeCloseTo(-0.512, 3);
    for (const x of [qw, ttc, fn]) {
      expect(x.verdict).toBe('distinguishable');
      expect(x.distances.p50.distance).toBeGreaterThan(x.distances.p50.floor!);
    }
    // The queue multiplies the execution time's error: the waits are further off than one call.
    expect(qw.distances.p50.sim).toBeLessThan(fn.distances.p50.sim);
    expect(b.checks.filter((c) => c.pass).map((c) => c.name)).toEqual(['cold starts relative error', 'failure causes']);
  });
});
