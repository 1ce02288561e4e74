// Results for the viewer's browser tests (e2e/viewer.test.ts): a long run (and a copy whose
// two variants are equal), a sparse day (scenarios/prewarm.json), two profiles (one an
// interrupted calibration's), two sweeps (one of 16 points, half of them equal because a
// setting changes nothing), two scorecards (one with a −53 % error on a fast stage beside a
// slow one, the case a linear scale hid). All made by the real code, then edited where a
// case needs numbers a quick simulation lacks.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Scorecard } from '../../calibrate/validate/score.ts';
import { runScenarioFile } from '../../sim/run/run-scenario.ts';
import { DEFAULT_PROFILE } from '../studies/study.ts';
import { makeLongRun } from './long-run.ts';
import { makeScorecard, makeSweepResult } from './more-fixtures.ts';

export interface ViewerFixture {
  base: string;
  results: string;
}

/** The relative error the second scorecard gives its fast stage's p50. */
export const FAST_STAGE_ERROR = -0.53;

export async function makeViewerFixture(): Promise<ViewerFixture> {
  const base = mkdtempSync(join(tmpdir(), 'fave-viewer-'));
  const results = join(base, 'results');
  mkdirSync(join(results, 'profiles'), { recursive: true });
  mkdirSync(join(results, 'sweeps'));
  const long = await makeLongRun(results);
  // Two variants with the very same numbers (a setting that changed nothing): every chart must show both.
  writeFileSync(join(results, 'twins.json'), JSON.stringify({ ...long, variants: [long.variants[0], { ...long.variants[0], name: 'same again' }] }));
  // The case: 20 sampled requests over a 26,000 s day, each a few pixels wide seen whole.
  const day = await runScenarioFile(join('scenarios', 'prewarm.json'), { replications: 1, defaultProfile: DEFAULT_PROFILE });
  writeFileSync(join(results, 'prewarm.json'), JSON.stringify(day));
  copyFileSync(DEFAULT_PROFILE, join(results, 'profiles', 'default.json'));
  const partial = JSON.parse(readFileSync(DEFAULT_PROFILE, 'utf8'));
  partial.status = 'incomplete';
  // Interrupted before its last stage: the comparison must say that stage is missing here.
  delete partial.stages[Object.keys(partial.stages).at(-1)!];
  // Measured on a machine twice as slow: its first stage's warm fit reaches twice as far,
  // which side by side shows only if the two charts share their axes.
  const warm = (Object.values(partial.stages)[0] as { warm: { dist: { mu: number }; samples: number[] } }).warm;
  warm.dist.mu += Math.log(2);
  warm.samples = warm.samples.map((x) => x * 2);
  partial.measured.notes = [...(partial.measured.notes ?? []), 'interrupted after the first stages (test fixture)'];
  writeFileSync(join(results, 'profiles', 'interrupted.partial.json'), JSON.stringify(partial));
  await makeSweepResult(join(results, 'sweeps', 'small.json'));
  // 4 burst sizes × 2 regimes × 2 values of a maximum a burst of ≤ 4 never reaches: 16
  // points, each drawn twice over at the same spot unless the chart keeps them apart.
  await makeSweepResult(join(results, 'sweeps', 'sixteen.json'), {
    name: 'sixteen', seeds: 1, grid: { '/workload/count': [1, 2, 3, 4], '/regime': ['warm', 'cold'], '/platform/defaults/scaling/max': [20, 40] },
  });
  await makeScorecard(join(results, 'validation-a.json'));
  const card = JSON.parse(readFileSync(join(results, 'validation-a.json'), 'utf8')) as Scorecard;
  const b = card.replays.withoutTrace;
  const [name, stage] = Object.entries(b.functions)[0]!;
  const scaled = (k: number) => {
    const s = structuredClone(stage);
    for (const side of ['live', 'sim'] as const) s[side] = { p50: s[side].p50 * k, p95: s[side].p95 * k };
    return s;
  };
  const fast = scaled(0.5);
  fast.sim.p50 = fast.live.p50 * (1 + FAST_STAGE_ERROR);
  fast.distances.p50 = { ...fast.distances.p50, sim: FAST_STAGE_ERROR, distance: -FAST_STAGE_ERROR, within: false };
  fast.verdict = 'distinguishable';
  b.functions = { [name]: stage, 'slow-stage': scaled(60), 'fast-stage': fast };
  writeFileSync(join(results, 'validation-b.json'), JSON.stringify(card, null, 2));
  return { base, results };
}
