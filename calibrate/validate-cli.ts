// `npm run validate -- <run dir> --profile <held-out profile.json> [--replications 10] [--seed N] [--out file]`
// Replays a live run in the simulator and scores the match (fave.validation/v1).
// Exit codes: 0 scored (match or miss: see the verdict and `match` in the JSON),
// 2 bad input, 1 anything else.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadProfile, ProfileError } from '../sim/profile/load.ts';
import { ConfigError } from '../sim/scenario/errors.ts';
import { InputError } from './errors.ts';
import { formatScorecard } from './validate/format.ts';
import { replay } from './validate/replay.ts';
import { readRunDir } from './validate/run-dir.ts';
import { score } from './validate/score.ts';

const USAGE = 'usage: npm run validate -- <run dir> --profile <profile.json> [--replications 10] [--seed N] [--out <run dir>/validation.json] [--quiet]';

function int(flag: string, raw: string | undefined, min: number, fallback: number): number {
  if (raw === undefined) return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < min) throw new InputError(`--${flag}: must be an integer >= ${min}, got '${raw}'`);
  return Number(raw);
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { profile: { type: 'string' }, replications: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, quiet: { type: 'boolean', default: false }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new InputError(`one run directory, got ${positionals.length}\n${USAGE}`);
  if (!values.profile) throw new InputError(`--profile is required (a profile not fitted from this run)\n${USAGE}`);
  const run = readRunDir(positionals[0]!);
  const profile = await loadProfile(values.profile);
  const replications = int('replications', values.replications, 1, 10);
  const seed = int('seed', values.seed, 0, run.scenario.seed);
  const card = score(run, replay(run, profile, values.profile, replications, seed), values.profile, replications, seed);
  const out = values.out ?? path.join(run.dir, 'validation.json');
  writeFileSync(out, `${JSON.stringify(card, null, 2)}\n`);
  if (!values.quiet) console.log(formatScorecard(card));
  console.log(`scorecard written to ${out}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    const usage = (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (e instanceof InputError || e instanceof ProfileError || e instanceof ConfigError || usage) {
      console.error(`validate: ${(e as Error).message}${usage ? `\n${USAGE}` : ''}`);
      process.exit(2);
    }
    console.error(`validate: ${e instanceof Error ? e.stack : String(e)}`);
    process.exit(1);
  },
);
