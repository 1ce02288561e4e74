// A sweep result and a validation scorecard for the report's tests, made by the real code
// (sim/sweep's runSweep, calibrate/validate's replay and score on a synthetic run) and
// written as their CLIs write them, so the fixtures cannot drift from the formats.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { replay } from '../../calibrate/validate/replay.ts';
import { readRunDir } from '../../calibrate/validate/run-dir.ts';
import { score } from '../../calibrate/validate/score.ts';
import { writeSyntheticRun } from '../../calibrate/validate/synthetic-run.ts';
import { loadProfile } from '../../sim/profile/load.ts';
import { writeJsonFile } from '../../sim/run/write-json-file.ts';
import { loadScenarioFile } from '../../sim/scenario/load.ts';
import type { Scenario } from '../../sim/scenario/types.ts';
import { resolvePoints } from '../../sim/sweep/load.ts';
import { runSeed } from '../../sim/sweep/run-seed.ts';
import { runSweep, type TaskPool } from '../../sim/sweep/run-sweep.ts';
import type { Sweep, SweepResult } from '../../sim/sweep/types.ts';
import { DEFAULT_PROFILE } from '../studies/study.ts';

// The tasks run in this thread: the same runSeed the workers call (the result is the same
// bit for bit whatever the pool), without starting worker threads inside the test runner.
const inThread: TaskPool = async (tasks, job) => tasks.map((t) => runSeed(job.scenarios[t.point]!, job.profile, job.source, t.seed));

/** 2 × 2 points of warm-burst (burst size × regime), 2 seeds each: a front of more than one
 * point. Another `grid` (and seed count, name) sweeps something else of warm-burst. */
export async function makeSweepResult(out: string, { grid = { '/workload/count': [1, 4], '/regime': ['warm', 'cold'] }, seeds = 2, name = 'notebook-fixture' }: { grid?: Sweep['grid']; seeds?: number; name?: string } = {}): Promise<SweepResult> {
  const scenarioPath = join('scenarios', 'warm-burst.json');
  const base = loadScenarioFile(scenarioPath);
  const sweep: Sweep = { format: 'fave.sweep/v1', name, scenario: scenarioPath, seeds, grid };
  const result = await runSweep({ sweep, scenarioPath, base, points: resolvePoints(base, sweep, 'fixture') }, 'fixture', { defaultProfile: DEFAULT_PROFILE, pool: inThread });
  writeJsonFile(out, result);
  return result;
}

// As calibrate/validate/validate.test.ts: one stage under a Poisson stream, scale from zero,
// shortened so the replay stays quick, and starting cold so there are first calls to count.
const scenario: Scenario = {
  format: 'fave.scenario/v1', name: 'validate-synthetic', seed: 1, horizon: 120, target: 'ffmpeg-1', regime: 'cold',
  workload: { executor: 'poisson', rate: 1 },
  client: { timeout: 600 },
  platform: { edition: 'pro', defaults: { scaling: { mode: 'rps', min: 1, max: 4 } } },
};

/** A synthetic run scored against its replay with the default profile, written as `./fave validate` writes it. */
export async function makeScorecard(out: string): Promise<void> {
  const profile = await loadProfile(DEFAULT_PROFILE);
  const dir = mkdtempSync(join(tmpdir(), 'fave-notebooks-run-'));
  try {
    writeSyntheticRun(dir, scenario, profile, 99);
    const run = readRunDir(dir);
    const card = score([run], { withoutTrace: [replay(run, profile, DEFAULT_PROFILE, 3, 1)] }, DEFAULT_PROFILE, 3, 1);
    writeFileSync(out, `${JSON.stringify(card, null, 2)}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
