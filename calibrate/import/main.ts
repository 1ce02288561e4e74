// Usage: tsx calibrate/import/main.ts <stage_invocations.csv> --out profiles/default.json
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { readCsv, CsvError } from '../../sim/trace/csv.ts';
import { buildFaveProfile } from './fave-csv.ts';
import { parseProfile, ProfileError } from '../../sim/profile/load.ts';

const USAGE = 'usage: tsx calibrate/import/main.ts <stage_invocations.csv> --out <profile.json> [--max-samples 500]';

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { out: { type: 'string' }, 'max-samples': { type: 'string' } },
  });
  if (positionals.length !== 1 || !values.out) throw new UsageError(USAGE);
  const maxSamples = values['max-samples'] === undefined ? 500 : Number(values['max-samples']);
  if (!Number.isInteger(maxSamples) || maxSamples < 2) throw new UsageError(`--max-samples must be an integer >= 2, got '${values['max-samples']}'`);
  const profile = buildFaveProfile(await readCsv(positionals[0]!), { maxSamples });
  parseProfile(JSON.parse(JSON.stringify(profile)), values.out); // never write what we could not read back
  await writeFile(values.out, `${JSON.stringify(profile, null, 2)}\n`);
  for (const [name, s] of Object.entries(profile.stages)) {
    console.log(`${name.padEnd(16)} warm ${s.warm.family} (n=${s.warm.n}, ks=${s.warm.ks?.toFixed(3)})  firstCall ${s.firstCall.family} (n=${s.firstCall.n})`);
  }
  console.log(`wrote ${values.out}`);
}

class UsageError extends Error {}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : String(e));
  process.exitCode = e instanceof UsageError ? 2 : e instanceof CsvError || e instanceof ProfileError ? 3 : 1;
});
