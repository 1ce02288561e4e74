// A results directory for the report's tests: real simulations (few replications, so they
// stay quick on a shared 2-core machine), the default profile, and files the viewer must
// list without breaking: invalid JSON, a wrong format, a result missing a field.
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScenarioFile } from '../../sim/run/run-scenario.ts';
import { DEFAULT_PROFILE } from '../studies/study.ts';

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
  writeFileSync(join(base, 'secret.json'), JSON.stringify({ secret: true }));
  return { base, results, studyResults: join(base, 'studies') };
}
