// `./fave recommend <scenario.json> --slo "p95<=40s,success>=99%" [--space sweep.json]
//   [--profile p.json] [--out winner.json] [--replications N] [--max-replications N]
//   [--workers N] [--quiet] [--wide] [--max-events N]`
// The cheapest configuration of a scenario that meets an SLO with confidence: every candidate
// of the space (a sweep file's points, or the default space: space.ts) on the same seeds,
// more seeds for the contenders the rule names (search.ts, decide.ts), the decision printed
// (format.ts) and the winner written as a scenario (winner-scenario.ts). docs/recommend.md.
// Exit codes: 0 a winner written; 4 no candidate meets the SLO (the closest is printed,
// nothing written); 2 bad input (scenario, space, profile, SLO, arguments, too much work, an
// --out that cannot be written); 130 interrupted; 1 anything else.
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJsonFile } from '../input/read-json.ts';
import { progressReporter } from '../run/progress-reporter.ts';
import { checkOutput, writeResult } from '../run/output-path.ts';
import { checkWorkBudget, DEFAULT_MAX_EVENTS } from '../run/work-budget.ts';
import { ConfigError } from '../scenario/errors.ts';
import { loadScenarioFile } from '../scenario/load.ts';
import { applyPoint } from '../sweep/apply-point.ts';
import { type LoadedSweep, parseSweep, resolvePoints } from '../sweep/load.ts';
import { SweepAbortedError } from '../sweep/pool.ts';
import { prepareSweep, runPointSeeds } from '../sweep/run-sweep.ts';
import { hostWarnings } from '../profile/host.ts';
import { type CostObjective, type ResolvedPoint, SWEEP_FORMAT, type Sweep } from '../sweep/types.ts';
import { EXIT } from '../process/errors.ts';
import { intFlag, parseCommandLine, profileFlag } from '../process/command-line.ts';
import { RUN_FLAGS } from '../run/run-flags.ts';
import { runMain, UsageError } from '../process/run-main.ts';
import { fitText } from '../terminal/table.ts';
import { formatDecision, formatTable } from './format.ts';
import { search } from './search.ts';
import { formatSlo, parseSlo } from './slo.ts';
import { defaultSpace, type Space, spaceOfSweep } from './space.ts';
import { winnerScenario } from './winner-scenario.ts';

const USAGE =
  'usage: ./fave recommend <scenario.json> --slo "p95<=40s,success>=99%" [--space sweep.json] [--profile p.json] [--out winner.json] ' +
  `[--replications N (default 10)] [--max-replications N (default 4 × replications)] [--workers N] [--quiet] [--wide] [--max-events N (default ${DEFAULT_MAX_EVENTS})]`;
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Exit code when no candidate meets the SLO: the search ran, and its answer is "none". */
export const EXIT_NONE_MEETS = 4;
/** Contenders given more seeds per round (decide.ts). */
const CONTENDERS = 3;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    ...RUN_FLAGS,
    slo: { type: 'string' },
    space: { type: 'string' },
    profile: { type: 'string' },
    'max-replications': { type: 'string' },
    workers: { type: 'string' },
  });
  if (values.help) {
    console.log(fitText(USAGE));
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `one scenario file, got ${positionals.length}` : 'no scenario file given');
  if (values.slo === undefined) throw new UsageError('--slo is required, e.g. --slo "p95<=40s,success>=99%"');
  const slo = parseSlo(values.slo);
  const replications = intFlag(values.replications, 'replications', 2, 1000) ?? 10;
  const maxReplications = intFlag(values['max-replications'], 'max-replications', replications, 1000) ?? Math.min(1000, 4 * replications);
  const workers = intFlag(values.workers, 'workers', 1, 1024) ?? availableParallelism();
  const maxEvents = intFlag(values['max-events'], 'max-events', 1) ?? DEFAULT_MAX_EVENTS;
  const profile = values.profile !== undefined ? profileFlag(values.profile) : undefined;
  const path = positionals[0]!;
  const out = values.out ?? join('results', 'recommend', `${basename(path).replace(/\.json$/, '')}.json`);
  checkOutput(out);

  const loaded = loadScenarioFile(path);
  if (loaded.compare?.length) console.error(fitText(`note: ${path}: its ${loaded.compare.length} 'compare' variants are left out: recommend's candidates are the variants`));
  const { compare: _compare, ...base } = loaded;
  let space: Space;
  let cost: CostObjective = 'replicaGBs';
  let sweep: Sweep;
  let source = path;
  let points: ResolvedPoint[];
  if (values.space !== undefined) {
    source = values.space;
    const read = readJsonFile(source, 'sweep');
    if ('issue' in read) throw new ConfigError(source, [read.issue]);
    sweep = parseSweep(read.value, source);
    if (resolve(dirname(source), sweep.scenario) !== resolve(path)) console.error(fitText(`note: ${source}: its points are applied to ${path}, not to its own scenario (${sweep.scenario})`));
    cost = sweep.objective?.cost ?? cost;
    points = resolvePoints(base, sweep, source);
    space = spaceOfSweep({ sweep, scenarioPath: path, base, points }, source);
  } else {
    sweep = { format: SWEEP_FORMAT, name: `recommend-${base.name}`, scenario: path, seeds: replications };
    space = defaultSpace(base);
    points = space.points.map((p) => ({ ...p, scenario: applyPoint(base, sweep, p, path) }));
  }
  const job: LoadedSweep = { sweep, scenarioPath: path, base, points };
  const rejected: string[] = [];
  const prepared = await prepareSweep(job, source, {
    defaultProfile: join(root, 'profiles', 'default.json'),
    ...(profile !== undefined ? { profile } : {}),
    // A generated space may hold a point the model rejects (a function's own max under the
    // replicas tried): it is left out, and said so. A sweep file's are all checked.
    ...(values.space === undefined ? { onRejected: (p: { index: number }, issues: { path: string; message: string }[]) => rejected.push(`#${p.index}: ${issues[0]!.path}: ${issues[0]!.message}`) } : {}),
  });
  for (const r of rejected) console.error(fitText(`note: left out of the default space: ${r}`));
  if (prepared.job.profile && prepared.job.profilePath) for (const line of hostWarnings(prepared.job.profile, prepared.job.profilePath)) console.error(line);
  space = { ...space, points: space.points.filter((p) => prepared.work.has(p.index)) };
  // Sized before anything runs: every candidate at the first seeds, the contenders to the cap.
  const parts = [...prepared.work.values()];
  const heaviest = [...parts].sort((a, b) => b.estimate.events - a.estimate.events).slice(0, CONTENDERS + 1);
  checkWorkBudget(source, [...parts.map((p) => ({ ...p, runs: replications })), ...heaviest.map((p) => ({ ...p, label: `${p.label}, more seeds`, runs: maxReplications - replications }))], maxEvents);

  const abort = new AbortController();
  process.once('SIGINT', () => {
    abort.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  const started = Date.now();
  const result = await search(space.points.map((p) => p.index), {
    slo,
    baseSeed: base.seed,
    replications,
    maxReplications,
    contenders: CONTENDERS,
    onRound: (r) => {
      if (r.number > 1 && !values.quiet) console.error(`round ${r.number}: ${r.candidates.map((i) => `#${i}`).join(', ')} to ${r.seeds} seeds (not yet separated)`);
    },
    run: async (pairs) => {
      const progress = values.quiet ? null : progressReporter({ verb: 'recommending', unit: 'runs' });
      const runs = await runPointSeeds(prepared, pairs, { workers, signal: abort.signal, onProgress: (done, total, label, running) => progress?.update(done + running, total, label) }).finally(() => progress?.stop());
      return runs.map(({ summary: s }) => ({ cost: s.cost[cost], success: s.successRate, p50: s.latency.p50, p95: s.latency.p95, p99: s.latency.p99 }));
    },
  }).catch((e: unknown) => {
    if (e instanceof SweepAbortedError) {
      console.error('interrupted: workers stopped, nothing written');
      return EXIT.stopped;
    }
    throw e;
  });
  if (typeof result === 'number') return result;

  const report = { scenario: base.name, profile: prepared.job.profilePath, slo, cost, space, result, baseSeed: base.seed };
  if (!values.quiet) console.log(formatTable(report, { wide: values.wide }));
  console.log(formatDecision(report));
  const winner = result.decision.winner;
  const took = `${((Date.now() - started) / 1000).toFixed(1)} s`;
  if (winner === null) {
    console.log(`nothing written (${took}); exit ${EXIT_NONE_MEETS}: loosen the SLO, or widen the space (--space)`);
    return EXIT_NONE_MEETS;
  }
  const point = space.points.find((p) => p.index === winner)!;
  const n = result.runs.find((c) => c.index === winner)!.samples.length;
  const settings = space.columns.map((c, i) => `${c} ${point.settings[i]}`).join(', ') || 'the scenario as written';
  const scenario = winnerScenario(base, {
    from: path,
    to: out,
    overrides: point.overrides,
    replications: n,
    description: `${base.name} as ./fave recommend chose it for the SLO ${formatSlo(slo)}, the cheapest by ${cost} of ${space.points.length} candidates (${settings}). ${base.description ?? ''}`.trim(),
    ...(profile !== undefined ? { profile } : {}),
  });
  writeResult(out, scenario);
  console.log(`winner written to ${out} (${took}): ./fave sim ${out} simulates it on the same ${n} seeds`);
  return 0;
}

runMain(() => main(process.argv.slice(2)), { usage: USAGE, prefix: 'recommend' });
