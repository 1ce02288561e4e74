// `npm run optimize -- prewarm <scenario.json> [--budget GB-s] [--profile p.json]
//   [--out variant.json] [--samples N] [--replications N] [--quiet] [--max-events N]`
// The pre-warm delays of a scenario's call chain (prewarm.ts, on optimizeDagDelays): the
// plan printed with its predicted first-pass p95 and idle GB-s per request beside "every
// delay 0" and "never", each then simulated by the full simulator (p95 with its 95% CI), and
// the best plan written as a scenario that `npm run sim` runs as is.
// --budget: the largest mean idle GB-s per request the pre-warmed replicas may hold; by
// default the idle GB-s of every delay 0 (the plan is then never worse than pre-warming each
// next stage at once, and holds no more idle memory). docs/simulator.md, Warm-instance strategies.
// Exit codes: 0 plan written; 2 bad input (scenario, profile, arguments, a workflow that is
// not a call chain, too much work, an --out that cannot be written); 1 anything else.
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { intFlag, parseCommandLine, profileFlag } from '../process/command-line.ts';
import { RUN_FLAGS } from '../run/run-flags.ts';
import { runMain, UsageError } from '../process/run-main.ts';
import { quoted } from '../input/excerpt.ts';
import { loadProfile } from '../profile/load.ts';
import { hostWarnings } from '../profile/host.ts';
import { loadScenarioFile, profilePathOf } from '../scenario/load.ts';
import { resolveScenario } from '../scenario/resolve.ts';
import { checkOutput, writeResult } from '../run/output-path.ts';
import { est } from '../terminal/numbers.ts';
import { fitText, renderTable } from '../terminal/table.ts';
import { progressReporter } from '../run/progress-reporter.ts';
import { runScenario } from '../run/run-scenario.ts';
import { DEFAULT_MAX_EVENTS } from '../run/work-budget.ts';
import { winnerScenario } from '../recommend/winner-scenario.ts';
import { delayText, planPrewarm, planSets, PrewarmInputError, withoutPrewarm } from './prewarm.ts';

const USAGE =
  'usage: npm run optimize -- prewarm <scenario.json> [--budget GB-s (default: the idle GB-s of every delay 0)] [--profile p.json] ' +
  `[--out variant.json (default results/optimize/<name>-prewarm.json)] [--samples N (default 2000)] [--replications N] [--quiet] [--wide] [--max-events N (default ${DEFAULT_MAX_EVENTS})]`;
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const MAX_BUDGET = 1e9;

/** A --budget value: GB-s, finite and ≥ 0. */
export function budgetFlag(raw: string): number {
  const n = /^\s*(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(n) || n < 0 || n > MAX_BUDGET) throw new UsageError(`--budget must be a number of GB-s ≥ 0 and ≤ ${MAX_BUDGET} (got ${quoted(raw)})`);
  return n;
}

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    ...RUN_FLAGS,
    budget: { type: 'string' },
    profile: { type: 'string' },
    samples: { type: 'string' },
  });
  if (values.help) {
    console.log(fitText(USAGE));
    return 0;
  }
  const [command, ...files] = positionals;
  if (command === undefined) throw new UsageError('no subcommand given (prewarm)');
  if (command !== 'prewarm') throw new UsageError(`unknown subcommand ${quoted(command)}: the one there is, is prewarm`);
  if (files.length !== 1) throw new UsageError(files.length ? `one scenario file, got ${files.length}` : 'no scenario file given');
  const path = files[0]!;
  const budgetGBs = values.budget !== undefined ? budgetFlag(values.budget) : undefined;
  const samples = intFlag(values.samples, 'samples', 100, 100_000) ?? 2000;
  const replications = intFlag(values.replications, 'replications', 1, 1000);
  const maxEvents = intFlag(values['max-events'], 'max-events', 1) ?? DEFAULT_MAX_EVENTS;
  const profileArg = values.profile !== undefined ? profileFlag(values.profile) : undefined;

  const loaded = loadScenarioFile(path);
  const out = values.out ?? join('results', 'optimize', `${basename(path).replace(/\.json$/, '')}-prewarm.json`);
  checkOutput(out);
  if (loaded.workload.executor === 'azure-trace') throw new PrewarmInputError(`${path}: scenario '${loaded.name}' replays a trace: it runs no workflow, so there is no call chain to pre-warm`);
  if (loaded.compare?.length) console.error(`note: ${path}: its ${loaded.compare.length} 'compare' variants are left out: the plan is made for the scenario as written`);
  const { compare: _compare, ...base } = loaded;
  const profilePath = profileArg !== undefined ? resolve(profileArg) : profilePathOf(base, path, join(root, 'profiles', 'default.json'));
  const profile = profilePath ? await loadProfile(profilePath) : null;
  if (profile && profilePath) for (const line of hostWarnings(profile, profilePath)) console.error(line);
  const cfg = resolveScenario(base, profile, path);
  for (const note of cfg.notes) console.error(`warning: ${path}: ${note}`);

  const started = Date.now();
  const plan = planPrewarm(cfg, path, { budgetGBs, samples, seed: base.seed });
  const { chain } = plan;
  if (chain.length < 2) throw new PrewarmInputError(`${path}: the call chain of scenario '${base.name}' has one function: nothing to pre-warm`);

  // The prediction checked by the simulator: the plans as variants of the scenario without
  // the chain's own pre-warm policies, on the same seeds.
  const cleared = withoutPrewarm(base, chain);
  for (const where of cleared.removed) console.error(`note: ${path}: ${where} is replaced by the plan`);
  const sets = { best: planSets(chain, plan.best), zero: planSets(chain, plan.zero), never: {} };
  const checked = { ...cleared.scenario, compare: [{ name: 'best', set: sets.best }, { name: 'zero', set: sets.zero }, { name: 'never', set: sets.never }] };
  const progress = values.quiet ? null : progressReporter({ verb: 'simulating', unit: 'runs' });
  const sim = (() => {
    try {
      return runScenario(checked, profile, profilePath, path, { maxEvents, ...(replications !== undefined ? { replications } : {}), onProgress: (done, total, label, running) => progress?.update(done + running, total, label) });
    } finally {
      progress?.stop();
    }
  })();
  const reps = sim.variants[0]!.seeds.length;
  const firstSeed = sim.variants[0]!.seeds[0]!;

  console.log(fitText(`${base.name}: call chain ${chain.join(' → ')} (${chain.length - 1} edges)`));
  console.log(fitText(
    `optimizer: ${samples} sample paths, seed ${base.seed}, delays 0..30 s by 0.5 s or never; budget ${num(plan.budgetGBs, 3)} idle GB-s per request` +
      (plan.defaultBudget ? ' (default: the idle GB-s of every delay 0)' : ''),
  ));
  const names = ['best', 'zero', 'never'] as const;
  const rows: string[][] = [];
  for (let k = 0; k + 1 < chain.length; k++) rows.push([`${chain[k]} → ${chain[k + 1]}`, ...names.map((n) => delayText(plan[n].delays[k]!))]);
  rows.push(['predicted p95 s (first pass)', ...names.map((n) => num(plan[n].p95))]);
  rows.push(['predicted idle GB-s per request', ...names.map((n) => num(plan[n].idleGBs, 3))]);
  const summaries = names.map((n) => sim.variants.find((v) => v.name === n)!.summary);
  rows.push([`simulated p95 s ${values.wide ? '[95% CI]' : '(± 95% CI)'}`, ...summaries.map((s) => est(s.latency.p95, 2, values.wide))]);
  const idlePerRequest = summaries.map((s) => (s.requests.mean > 0 ? s.cost.idleGBs.mean / s.requests.mean : NaN));
  rows.push(['simulated idle GB-s per request, over never', ...idlePerRequest.map((x) => num(x - idlePerRequest[2]!, 3))]);
  // The plan's table, within 100 columns unless --wide (sim/terminal/table.ts).
  const R = 'right' as const;
  console.log(renderTable([{ title: 'pre-warm delay after the call to', wrap: true }, { title: 'best', align: R }, { title: 'zero', align: R }, { title: 'never', align: R }], rows, { wide: values.wide }));
  console.log(fitText(
    `best: the plan within the budget; zero: every next stage pre-warmed at once; never: no pre-warm. ` +
    `simulated: ${reps} replication(s) from seed ${firstSeed}, every request (a pass after the first meets warm replicas); ` +
      `its idle GB-s count every idle replica, the wait before scale to zero included (never: ${num(idlePerRequest[2]!, 1)} GB-s per request)`,
  ));

  const scenario = winnerScenario(cleared.scenario, {
    from: path,
    to: out,
    overrides: sets.best,
    replications: reps,
    description:
      `${base.name} with the pre-warm plan of npm run optimize -- prewarm (budget ${num(plan.budgetGBs, 3)} idle GB-s per request, ${samples} sample paths, seed ${base.seed}): ` +
      `delays ${plan.best.delays.map(delayText).join(', ')} after the calls to ${chain.slice(0, -1).join(', ')}; predicted first-pass p95 ${num(plan.best.p95)} s. Made from ${basename(path)}, whose compare variants are left out.`,
    ...(profileArg !== undefined ? { profile: profileArg } : {}),
  });
  writeResult(out, { ...scenario, name: `${base.name}-prewarm` });
  console.log(fitText(`plan written to ${out} (${((Date.now() - started) / 1000).toFixed(1)} s): npm run sim -- ${out} simulates it on the same ${reps} seeds`));
  return 0;
}

function num(x: number, digits = 2): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '–';
}

runMain(() => main(process.argv.slice(2)), { usage: USAGE, prefix: 'optimize' });
