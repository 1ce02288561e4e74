// A results directory for the report's tests: real simulations (few replications, so they
// stay quick on a shared 2-core machine), the default profile, and files the viewer must
// list without breaking: invalid JSON, a wrong format, a result missing a field. Also a
// sweep result and a validation scorecard (more-fixtures.ts), each with a malformed copy.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScenarioFile } from '../../sim/run/run-scenario.ts';
import { DEFAULT_PROFILE } from '../studies/study.ts';
import { makeScorecard, makeSweepResult } from './more-fixtures.ts';

export interface Fixture {
  base: string; // temp dir holding results/ and a file outside it
  results: string;
  studyResults: string;
}

/** Scenario files by name; the result file is <name>.json in the fixture's results dir. */
export async function makeFixture(scenarios: string[], replications = 2): Promise<Fixture> {
  const base = mkdtempSync(join(tmpdir(), 'fave-notebooks-'));
  const results = join(base, 'results');
  mkdirSync(join(results, 'more'), { recursive: true });
  for (const name of scenarios) {
    const r = await runScenarioFile(join('scenarios', `${name}.json`), { replications, defaultProfile: DEFAULT_PROFILE });
    writeFileSync(join(results, `${name}.json`), JSON.stringify(r));
  }
  copyFileSync(DEFAULT_PROFILE, join(results, 'more', 'default-profile.json'));
  writeFileSync(join(results, 'broken.json'), '{"format": "fave.result/v1", "kind": ');
  writeFileSync(join(results, 'scenario-copy.json'), JSON.stringify({ format: 'fave.scenario/v1', name: 'x' }));
  writeFileSync(join(results, 'notes.txt'), 'not JSON, not listed');
  mkdirSync(join(results, 'sweeps'));
  await makeSweepResult(join(results, 'sweeps', 'sweep.json'));
  await makeScorecard(join(results, 'validation.json'));
  // Malformed copies: a point without its latency, a scorecard whose checks are not a list.
  const sweep = JSON.parse(readFileSync(join(results, 'sweeps', 'sweep.json'), 'utf8'));
  delete sweep.points[1].metrics.latency;
  writeFileSync(join(results, 'sweeps', 'bad-sweep.json'), JSON.stringify(sweep));
  const card = JSON.parse(readFileSync(join(results, 'validation.json'), 'utf8'));
  card.replays.withoutTrace.checks = 'all good';
  writeFileSync(join(results, 'bad-validation.json'), JSON.stringify(card));
  writeFileSync(join(base, 'secret.json'), JSON.stringify({ secret: true }));
  return { base, results, studyResults: join(base, 'studies') };
}
