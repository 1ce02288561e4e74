// `./fave golden [--update] [scenario.json …] [--golden file]`
// Runs every shipped scenario (or those named) as sim/golden/golden.json says, and prints each
// pinned number that moved: scenario, variant, number, pinned → now. With --update, rewrites
// the golden file with what ran (only on purpose: say why in the commit message).
// Exit codes: 0 nothing moved (or --update wrote the file), 1 a difference or a scenario
// neither pinned nor excluded, 2 bad arguments or a scenario that cannot be run.
import { writeFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { runMain, UsageError } from '../process/run-main.ts';
import { parseCommandLine } from '../process/command-line.ts';
import { fitText } from '../terminal/table.ts';
import {
  coverageProblems,
  differences,
  formatGolden,
  GOLDEN_FILE,
  type GoldenEntry,
  readGolden,
  ROOT,
  runPinned,
  shippedScenarios,
  updatedGolden,
} from './golden.ts';

const USAGE = 'usage: ./fave golden [--update] [scenario.json …] [--golden golden.json]';


async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    update: { type: 'boolean', default: false },
    golden: { type: 'string' },
    help: { type: 'boolean', default: false },
  });
  if (values.help) {
    console.log(fitText(USAGE));
    return 0;
  }
  const goldenPath = values.golden ? resolve(values.golden) : GOLDEN_FILE;
  const golden = readGolden(goldenPath);
  const shipped = shippedScenarios();
  const named = positionals.map((p) => relative(ROOT, resolve(p)).split('\\').join('/'));
  const unknown = named.filter((f) => !shipped.includes(f));
  if (unknown.length) throw new UsageError(`not a shipped scenario: ${unknown.join(', ')} (shipped: scenarios/**, the scenario files under sweeps/ and notebooks/studies/)`);
  const files = (named.length ? named : shipped).filter((f) => !(f in golden.excluded));

  const runs: Record<string, GoldenEntry> = {};
  let moved = 0;
  for (const file of files) {
    const started = Date.now();
    const pinned = golden.scenarios[file];
    const entry = await runPinned(file, pinned?.run, golden.digits);
    runs[file] = entry;
    const diffs = differences(file, pinned, entry);
    const took = `${((Date.now() - started) / 1000).toFixed(1)} s`;
    if (diffs.length) {
      moved++;
      console.log(diffs.join('\n'));
    } else {
      console.log(`${file}: as pinned (${Object.keys(entry.variants).length} variant${Object.keys(entry.variants).length === 1 ? '' : 's'}, ${entry.replications} replication${entry.replications === 1 ? '' : 's'}; ${took})`);
    }
  }
  const excluded = Object.keys(golden.excluded).filter((f) => !named.length || named.includes(f));
  for (const f of excluded) console.log(`${f}: excluded (${golden.excluded[f]})`);

  if (values.update) {
    const next = updatedGolden(golden, runs, shipped);
    writeFileSync(goldenPath, formatGolden(next) + '\n');
    const problems = named.length ? [] : coverageProblems(next, shipped);
    console.log(`${relative(process.cwd(), goldenPath) || goldenPath} rewritten (${moved} scenario${moved === 1 ? '' : 's'} moved): say why in the commit message`);
    if (problems.length) console.log(problems.join('\n'));
    return problems.length ? 1 : 0;
  }
  const problems = named.length ? [] : coverageProblems(golden, shipped);
  if (problems.length) console.log(problems.join('\n'));
  if (moved || problems.length) {
    console.log(`${moved} scenario${moved === 1 ? '' : 's'} moved${problems.length ? `, ${problems.length} problem${problems.length === 1 ? '' : 's'} in the golden file` : ''}: if meant, ./fave golden --update, and say why in the commit message`);
    return 1;
  }
  console.log('every pinned number as pinned');
  return 0;
}

runMain(() => main(process.argv.slice(2)), { usage: USAGE });
