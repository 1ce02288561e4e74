// `npm run notebook -- <study> [--replications N] [--results dir]`: simulates a study's
// scenarios into <results>/studies/<study>/ and prints their summaries; `npm run report`
// then shows the study at /studies/<study>/.
// Exit codes: 0 done, 2 bad input (unknown study, bad study.json or scenario), 1 anything else.
import { parseArgs } from 'node:util';
import { formatSummary } from '../../sim/run/format-summary.ts';
import { loadStudy, runStudy, studyNames } from '../studies/study.ts';
import { runMain, UsageError } from '../../sim/process/run-main.ts';

const USAGE = `usage: npm run notebook -- <study> [--replications N] [--results results]\nstudies: ${studyNames().join(', ')}`;


async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { replications: { type: 'string' }, results: { type: 'string', default: 'results' }, help: { type: 'boolean', default: false } },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `one study, got ${positionals.length}` : 'no study given');
  let replications: number | undefined;
  if (values.replications !== undefined) {
    replications = Number(values.replications);
    if (!Number.isInteger(replications) || replications < 1) throw new UsageError(`--replications must be an integer ≥ 1 (got '${values.replications}')`);
  }
  const study = loadStudy(positionals[0]!);
  console.log(`${study.title}\n${study.question}\n`);
  await runStudy(study, {
    resultsDir: values.results,
    replications,
    onScenario: (_scenario, result, out) => console.log(`${formatSummary(result)}\nresult written to ${out}\n`),
  });
  console.log(`see it with: npm run report, then open /studies/${study.name}/`);
  return 0;
}

runMain(() => main(process.argv.slice(2)), { usage: USAGE });
