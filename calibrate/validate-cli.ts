// `./fave validate <run dir> [<run dir> …] --profile <held-out profile.json> [--replications 10] [--seed N] [--out file]`
// Replays live runs in the simulator and scores the match against the machine's own noise
// (fave.validation/v2). Several run dirs are repeats of one scenario: their distances to
// each other are the noise floor; with one, halves of the run are. Every check is made twice:
// against a replay on the modelled machine (what a user predicting ahead would see) and,
// when the runs recorded machine.jsonl, on the machine's measured speed (the model's own error).
// Exit codes: 0 scored (match or miss: see the verdict and `match` in the JSON),
// 2 bad input, 1 anything else.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadProfile } from '../sim/profile/load.ts';
import { intFlag, parseCommandLine } from '../sim/process/command-line.ts';
import { runMain, UsageError } from '../sim/process/run-main.ts';
import { fitText } from '../sim/terminal/table.ts';
import { formatScorecard } from './validate/format.ts';
import { checkRepeats } from './validate/repeats.ts';
import { replay } from './validate/replay.ts';
import { approximationNotes, readRunDir } from './validate/run-dir.ts';
import { score } from './validate/score.ts';
import { hostNotes } from './validate/host-notes.ts';
import { speedTraceOfRun } from './validate/speed-trace.ts';
import type { SimResult } from '../sim/run/result.ts';

const USAGE = 'usage: ./fave validate <run dir> [<run dir> …] --profile <profile.json> [--replications 10] [--seed N] [--out <first run dir>/validation.json] [--quiet] [--wide]';

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    profile: { type: 'string' }, replications: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, quiet: { type: 'boolean', default: false }, wide: { type: 'boolean', default: false }, help: { type: 'boolean' },
  });
  if (values.help) {
    console.log(fitText(USAGE));
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('at least one run directory');
  if (!values.profile) throw new UsageError('--profile is required (a profile not fitted from these runs)');
  const runs = positionals.map(readRunDir);
  checkRepeats(runs);
  const profile = await loadProfile(values.profile);
  const replications = intFlag(values.replications, 'replications', 1, 1000) ?? 10;
  const seed = intFlag(values.seed, 'seed', 0, 4294967295) ?? runs[0]!.scenario.seed;
  const notes = hostNotes(runs, profile);
  notes.push(...approximationNotes(runs));
  // Each repeat is replayed with its own arrivals and fan-out, on the same seeds: once as a
  // user predicting ahead would (the modelled drift), once on the machine's measured speed.
  const sims = runs.map((run) => replay(run, profile, values.profile!, replications, seed));
  const traces = runs.map((run) => speedTraceOfRun(run.dir, profile, { profilePath: values.profile! }));
  const missing = runs.filter((_, i) => traces[i] === null).map((r) => r.dir);
  let withTrace: SimResult[] | undefined;
  if (missing.length > 0) {
    notes.push(`no machine.jsonl in ${missing.join(', ')}: the replay with the machine's measured speed is left out (runs recorded before the machine recorder, or on a platform without it)`);
  } else {
    withTrace = runs.map((run, i) => replay(run, profile, values.profile!, replications, seed, traces[i]!.speedTrace));
    const t = traces[0]!;
    notes.push(t.baselineSource === 'profile'
      ? `speed trace: the probe against the profile's calibration baseline (${(t.baseline * 1000).toFixed(2)} ms), so it carries the run's difference from the calibration too`
      : `speed trace: the probe against each run's own median (the profile records no probe baseline), so it carries only the movement within a run`);
    const clamped = traces.reduce((a, x) => a + x!.clamped, 0);
    if (clamped > 0) notes.push(`speed trace: ${clamped} sample(s) outside [0.05, 20] were clamped`);
  }
  const card = score(runs, { withoutTrace: sims, ...(withTrace ? { withTrace } : {}) }, values.profile, replications, seed, notes);
  // The verdict's caveat goes to stderr even when the table is not printed.
  if (values.quiet) for (const n of notes.filter((x) => x.includes('another host'))) console.error(`validate: warning: ${n}`);
  const out = values.out ?? path.join(runs[0]!.dir, 'validation.json');
  writeFileSync(out, `${JSON.stringify(card, null, 2)}\n`);
  if (!values.quiet) console.log(formatScorecard(card, { wide: values.wide }));
  console.log(`scorecard written to ${out}`);
  return 0;
}

runMain(() => main(process.argv.slice(2)), { usage: USAGE, prefix: 'validate' });
