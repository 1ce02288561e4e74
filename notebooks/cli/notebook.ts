// `./fave notebook <study> [--replications N] [--results dir] [--wide]`: simulates a study's
// scenarios into <results>/studies/<study>/ and prints their summaries; `./fave report`
// then shows the study at /studies/<study>/.
// Exit codes: 0 done, 2 bad input (unknown study, bad study.json or scenario), 1 anything else.
import { didYouMean } from '../../sim/input/did-you-mean.ts';
import { intFlag, parseCommandLine } from '../../sim/process/command-line.ts';
import { formatSummary } from '../../sim/run/format-summary.ts';
import { fitText } from '../../sim/terminal/table.ts';
import { loadStudy, runStudy, studyNames } from '../studies/study.ts';
import { runMain, UsageError } from '../../sim/process/run-main.ts';

const USAGE = `usage: ./fave notebook <study> [--replications N] [--results results] [--wide]\nstudies: ${studyNames().join(', ')}`;


async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    replications: { type: 'string' }, results: { type: 'string', default: 'results' }, wide: { type: 'boolean', default: false }, help: { type: 'boolean', default: false },
  });
  if (values.help) {
    console.log(fitText(USAGE));
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `one study, got ${positionals.length}` : 'no study given');
  const replications = intFlag(values.replications, 'replications', 1, 1000);
  const name = positionals[0]!;
  const names = studyNames();
  if (!names.includes(name)) {
    const near = didYouMean(name, names);
    throw new UsageError(`no study '${name}'${near ? ` (did you mean ${near}?)` : ''}`);
  }
  const study = loadStudy(name);
  console.log(`${fitText(study.title)}\n${fitText(study.question)}\n`);
  await runStudy(study, {
    resultsDir: values.results,
    replications,
    onScenario: (_scenario, result, out) => console.log(`${formatSummary(result, { wide: values.wide })}\nresult written to ${out}\n`),
  });
  console.log(`see it with: ./fave report, then open /studies/${study.name}/`);
  return 0;
}

runMain(() => main(process.argv.slice(2)), { usage: USAGE });
