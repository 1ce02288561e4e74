// `./fave optimize prewarm <scenario.json> [--budget GB-s] [--profile p.json]
//   [--out variant.json] [--samples N] [--replications N] [--quiet] [--max-events N]`
// The pre-warm plan of a scenario's workflow, any DAG of the ASL subset (prewarm.ts, on
// planDagPrewarm): per function, from which point (the start, or a call to a step before
// it) and after how long to pre-warm it, printed with its predicted p95 and idle GB-s per
// request beside "every function at the start" (zero) and "never", each then simulated by
// the full simulator (p95 with its 95% CI, idle GB-s per request over never), and the best
// plan written as a scenario variant that `./fave sim` runs as is.
// --budget: the most idle GB-s per request a plan may add over never; by default the zero
// plan's (the plan is then never worse than pre-warming everything at once, and holds no
// more idle memory). docs/workflows.md, "Pre-warming a workflow".
// Exit codes: 0 plan written; 2 bad input (scenario, profile, arguments, no workflow, too
// much work, an --out that cannot be written); 1 anything else.
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
import { colourOn } from '../terminal/colour.ts';
import { fitText, renderTable } from '../terminal/table.ts';
import { progressReporter } from '../run/progress-reporter.ts';
import { runScenario } from '../run/run-scenario.ts';
import { DEFAULT_MAX_EVENTS } from '../run/work-budget.ts';
import { winnerScenario } from '../recommend/winner-scenario.ts';
import { fanOut } from '../workflow/steps.ts';
import { planPrewarm, planSets, PrewarmInputError, ruleText, withoutPrewarm } from './prewarm.ts';
import { didYouMean } from '../input/did-you-mean.ts';

const USAGE =
  'usage: ./fave optimize prewarm <scenario.json> [--budget GB-s (default: the idle GB-s the plan "zero" adds)] [--profile p.json] ' +
  `[--out variant.json (default results/optimize/<name>-prewarm.json)] [--samples N (default 1000)] [--replications N] [--quiet] [--wide] [--max-events N (default ${DEFAULT_MAX_EVENTS})]`;
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
  if (command !== 'prewarm') throw new UsageError(`unknown subcommand ${quoted(command)}${didYouMean(command, ['prewarm']) ? ' (did you mean prewarm?)' : ''}: the one there is, is prewarm`);
  if (files.length !== 1) throw new UsageError(files.length ? `one scenario file, got ${files.length}` : 'no scenario file given');
  const path = files[0]!;
  const budgetGBs = values.budget !== undefined ? budgetFlag(values.budget) : undefined;
  const samples = intFlag(values.samples, 'samples', 100, 100_000) ?? 1000;
  const replications = intFlag(values.replications, 'replications', 1, 1000);
  const maxEvents = intFlag(values['max-events'], 'max-events', 1) ?? DEFAULT_MAX_EVENTS;
  const profileArg = values.profile !== undefined ? profileFlag(values.profile) : undefined;

  const loaded = loadScenarioFile(path);
  const out = values.out ?? join('results', 'optimize', `${basename(path).replace(/\.json$/, '')}-prewarm.json`);
  checkOutput(out);
  if (loaded.workload.executor === 'azure-trace') throw new PrewarmInputError(`${path}: scenario '${loaded.name}' replays a trace: it runs no workflow, so there is nothing to pre-warm ahead of`);
  if (loaded.compare?.length) console.error(fitText(`note: ${path}: its ${loaded.compare.length} 'compare' variants are left out: the plan is made for the scenario as written`));
  const { compare: _compare, ...base } = loaded;
  const profilePath = profileArg !== undefined ? resolve(profileArg) : profilePathOf(base, path, join(root, 'profiles', 'default.json'));
  const profile = profilePath ? await loadProfile(profilePath) : null;
  if (profile && profilePath) for (const line of hostWarnings(profile, profilePath)) console.error(line);
  const cfg = resolveScenario(base, profile, path);
  for (const note of cfg.notes) console.error(fitText(`warning: ${path}: ${note}`));

  const started = Date.now();
  const plan = planPrewarm(cfg, path, { budgetGBs, samples, seed: base.seed });
  const { targets } = plan;
  const names = cfg.functions.map((f) => f.name);

  // The prediction checked by the simulator: the plans as variants of the scenario without
  // the workflow's own pre-warm policies, on the same seeds.
  const cleared = withoutPrewarm(base, names);
  for (const where of cleared.removed) console.error(fitText(`note: ${path}: ${where} is replaced by the plan`));
  const plans = ['best', 'zero', 'never'] as const;
  const sets = { best: planSets(cfg, plan.best.plan), zero: planSets(cfg, plan.zero.plan), never: {} };
  const checked = { ...cleared.scenario, compare: plans.map((n) => ({ name: n, set: sets[n] })) };
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

  const wf = cfg.workflow!;
  console.log(fitText(`${base.name}: workflow of ${targets.length} functions (${targets.map((f) => names[f]).join(', ')}), ${wf.mode} mode, orchestrator '${names[wf.orchestrator]}'`));
  console.log(fitText(
    `optimizer: ${samples} sample paths, seed ${base.seed}, delays 0..${plan.grid.maxDelay} s by ${plan.grid.step} s or never, after the start or a step just before; ` +
      `budget ${num(plan.budgetGBs, 3)} idle GB-s per request over never` +
      (plan.defaultBudget ? ' (default: what the plan zero adds)' : ''),
  ));
  // A rule's count is left to its default, the target's fan-out: shown beside its name.
  const rows: string[][] = [];
  for (const f of targets) rows.push([`${names[f]} (${fanOut(wf, f)})`, ...plans.map((n) => ruleText(cfg, plan[n].plan, f))]);
  rows.push(['predicted p95 s', ...plans.map((n) => num(plan[n].p95))]);
  rows.push(['predicted idle GB-s per request, over never', ...plans.map((n) => num(plan[n].addedGBs, 3))]);
  const summaries = plans.map((n) => sim.variants.find((v) => v.name === n)!.summary);
  rows.push([`simulated p95 s ${values.wide ? '[95% CI]' : '(± 95% CI)'}`, ...summaries.map((s) => est(s.latency.p95, 2, values.wide))]);
  const idlePerRequest = summaries.map((s) => (s.requests.mean > 0 ? s.cost.idleGBs.mean / s.requests.mean : NaN));
  rows.push(['simulated idle GB-s per request, over never', ...idlePerRequest.map((x) => num(x - idlePerRequest[2]!, 3))]);
  // Within 100 columns unless --wide (sim/terminal/table.ts).
  console.log(renderTable([{ title: 'pre-warm (count): after + delay', wrap: true }, ...plans.map((n) => ({ title: n, align: 'right' as const }))], rows, { wide: values.wide, colour: colourOn() }));
  console.log(fitText(
    `predicted: every request finds every function at zero. simulated: ${reps} replication(s) from seed ${firstSeed}, every request (one arriving within a keep-alive of the last finds warm instances); ` +
      `idle GB-s count each instance's life less its calls (never: ${num(idlePerRequest[2]!, 1)} GB-s per request simulated, ${num(plan.never.idleGBs, 1)} predicted)`,
  ));

  const bestRules = targets.filter((f) => plan.best.plan[f]).map((f) => `${names[f]} ${ruleText(cfg, plan.best.plan, f)}`);
  const scenario = winnerScenario(cleared.scenario, {
    from: path,
    to: out,
    overrides: sets.best,
    replications: reps,
    description:
      `${base.name} with the pre-warm plan of ./fave optimize prewarm (budget ${num(plan.budgetGBs, 3)} idle GB-s per request over never, ${samples} sample paths, seed ${base.seed}): ` +
      `${bestRules.length ? bestRules.join(', ') : 'no pre-warm'}; predicted p95 ${num(plan.best.p95)} s, idle ${num(plan.best.addedGBs, 3)} GB-s per request over never. Made from ${basename(path)}, whose compare variants are left out.`,
    ...(profileArg !== undefined ? { profile: profileArg } : {}),
  });
  writeResult(out, { ...scenario, name: `${base.name}-prewarm` });
  console.log(fitText(`plan written to ${out} (${((Date.now() - started) / 1000).toFixed(1)} s): ./fave sim ${out} simulates it on the same ${reps} seeds`));
  return 0;
}

function num(x: number, digits = 2): string {
  return Number.isFinite(x) ? x.toFixed(digits) : '–';
}

runMain(() => main(process.argv.slice(2)), { usage: USAGE, prefix: 'optimize' });
