// What a simulation's progress says it counts: runs, each a replication of a variant.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runScenarioFile } from './run-scenario.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('simulation progress', () => {
  it('counts runs, naming the variant and the replication of each', async () => {
    const seen: string[] = [];
    await runScenarioFile(`${root}/scenarios/race.json`, {
      replications: 2, seed: 5, defaultProfile: `${root}/profiles/default.json`,
      // Told as each run ends (running 0) and while it runs: the line of each run's end.
      onProgress: (done, total, label, running) => void (running === 0 && seen.at(-1)?.startsWith(`${done}/`) !== true && seen.push(`${done}/${total} ${label}`)),
    });
    expect(seen).toEqual([
      '0/4 variant 1/2 naive, replication 1/2 (seed 5)',
      '1/4 variant 1/2 naive, replication 1/2 (seed 5)',
      '2/4 variant 1/2 naive, replication 2/2 (seed 6)',
      '3/4 variant 2/2 cas, replication 1/2 (seed 5)',
      '4/4 variant 2/2 cas, replication 2/2 (seed 6)',
    ]);
  });
});
