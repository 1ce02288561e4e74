// `./fave sim <scenario.json> [--profile p.json] [--seed N] [--replications N] [--out file.json] [--quiet] [--wide] [--max-events N] [--allow-incomplete]`
// --wide: every column of the summary and the CIs as [lo, hi]; by default it fits 100 columns.
// Simulates a scenario, prints a summary table and writes the result JSON. --profile replaces
// the scenario's `profile` (resolved against the working directory, where the scenario's own
// is resolved against its folder). A run estimated
// past --max-events (default DEFAULT_MAX_EVENTS) is refused before it starts; so is a profile
// an interrupted calibration wrote ("status": "incomplete") unless --allow-incomplete. A
// profile measured on another kind of host is used, with one warning line per difference.
// Exit codes: 0 done, 2 bad input (scenario, profile, arguments, too much work, an --out that
// cannot be written), 1 anything else.
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runScenarioFile } from './run/run-scenario.ts';
import { formatSummary } from './run/format-summary.ts';
import { formatAsync } from './run/format-async.ts';
import { checkOutput, writeResult } from './run/output-path.ts';
import { progressReporter } from './run/progress-reporter.ts';
import { DEFAULT_MAX_EVENTS } from './run/work-budget.ts';
import { runMain, UsageError } from './process/run-main.ts';
import { fitText } from './terminal/table.ts';
import { intFlag, parseCommandLine, profileFlag } from './process/command-line.ts';
import { RUN_FLAGS } from './run/run-flags.ts';
import { hostWarnings } from './profile/host.ts';

const USAGE = `usage: ./fave sim <scenario.json> [--profile p.json] [--seed N] [--replications N] [--out result.json] [--quiet] [--wide] [--max-events N (default ${DEFAULT_MAX_EVENTS})] [--allow-incomplete]`;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');


async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    profile: { type: 'string' },
    ...RUN_FLAGS,
    seed: { type: 'string' },
    'allow-incomplete': { type: 'boolean', default: false },
  });
  if (values.help) {
    console.log(fitText(USAGE));
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `one scenario file, got ${positionals.length}` : 'no scenario file given');
  const path = positionals[0]!;
  // The scenario schema's bounds (docs/input-limits.md).
  const seed = intFlag(values.seed, 'seed', 0, 4294967295);
  const replications = intFlag(values.replications, 'replications', 1, 1000);
  const maxEvents = intFlag(values['max-events'], 'max-events', 1) ?? DEFAULT_MAX_EVENTS;

  const out = values.out ?? join('results', `${basename(path).replace(/\.json$/, '')}.json`);
  checkOutput(out);

  const started = Date.now();
  const progress = values.quiet ? null : progressReporter({ verb: 'simulating', unit: 'runs' });
  const result = await runScenarioFile(path, {
    ...(values.profile !== undefined ? { profile: profileFlag(values.profile) } : {}),
    seed,
    replications,
    maxEvents,
    allowIncomplete: values['allow-incomplete'],
    // A profile's times hold for the machine they were measured on: say what differs, and go on.
    onProfile: (profile, profilePath) => {
      if (profile.status === 'incomplete') console.error(`warning: ${profilePath} is an incomplete calibration (--allow-incomplete): its fits cover only what finished`);
      for (const line of hostWarnings(profile, profilePath)) console.error(line);
    },
    defaultProfile: join(root, 'profiles', 'default.json'),
    onNote: (note) => console.error(`warning: ${path}: ${note}`),
    onProgress: (done, total, label, running) => progress?.update(done + running, total, label),
  }).finally(() => progress?.stop());
  writeResult(out, result);
  if (!values.quiet) console.log(formatSummary(result, { wide: values.wide }));
  const asyncTable = values.quiet ? null : formatAsync(result, { wide: values.wide });
  if (asyncTable) console.log(asyncTable);
  console.log(`result written to ${out} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return 0;
}

runMain(() => main(process.argv.slice(2)), { usage: USAGE });
