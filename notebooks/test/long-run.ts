// A long run for the report's tests: one stage under a Poisson stream for 50 minutes with
// every request's spans kept (output.spans), so the timeline holds thousands of requests
// and the time series thousands of samples: what the viewer must summarise, not draw one by one.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runScenarioFile } from '../../sim/run/run-scenario.ts';
import type { Scenario } from '../../sim/scenario/types.ts';
import type { SimResult } from '../../sim/run/result.ts';
import { DEFAULT_PROFILE } from '../studies/study.ts';

export const LONG_RUN: Scenario = {
  format: 'fave.scenario/v1', name: 'long-run', seed: 3, horizon: 3000, target: 'ffmpeg-1', regime: 'warm',
  workload: { executor: 'poisson', rate: 1 },
  client: { timeout: 600 },
  platform: { edition: 'pro', defaults: { scaling: { mode: 'rps', min: 1, max: 4 } } },
  output: { timeSeriesStep: 1, spans: 50_000 },
};

/** Simulates LONG_RUN once into `<dir>/long-run.json`; returns the result. */
export async function makeLongRun(dir: string): Promise<SimResult> {
  const scenarioPath = join(dir, 'long-run.scenario.json');
  writeFileSync(scenarioPath, JSON.stringify(LONG_RUN));
  const r = await runScenarioFile(scenarioPath, { replications: 1, defaultProfile: DEFAULT_PROFILE, profile: DEFAULT_PROFILE });
  rmSync(scenarioPath); // a scenario is not a result: the listing would show it as unknown
  writeFileSync(join(dir, 'long-run.json'), JSON.stringify(r));
  return r;
}
