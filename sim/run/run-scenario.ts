// A scenario file in, a result out: every variant, every replication, with the same seeds
// across variants (common random numbers), so differences come from the configuration.
import { resolve as resolvePath } from 'node:path';
import { loadProfile } from '../profile/load.ts';
import type { CalibrationProfile } from '../profile/types.ts';
import { applySets, loadScenarioFile, profilePathOf, variantsOf } from '../scenario/load.ts';
import { resolveScenario } from '../scenario/resolve.ts';
import type { Scenario } from '../scenario/types.ts';
import { readTrace } from '../trace/read.ts';
import type { TraceData } from '../trace/trace-data.ts';
import { runReplication } from './replication.ts';
import { checkWorkBudget } from './work-budget.ts';
import { estimateReplication } from './work-estimate.ts';
import { RESULT_FORMAT, type SimResult, type VariantResult } from './result.ts';
import { aggregate, mergedHistograms, samplesOf, spansOf, summarizeReplication, timeSeriesOf } from './summarize.ts';

export interface RunOptions {
  /** The parsed trace of an azure-trace workload (runScenarioFile reads it). */
  trace?: TraceData | null;
  seed?: number;
  replications?: number;
  defaultProfile: string;
  /** Called when a replication ends, and as one runs (at its time-series samples) with
   * `running`, the fraction of it done (simulated time over the horizon): a single long
   * replication shows progress too. `done` counts finished replications. */
  onProgress?: (done: number, total: number, label: string, running: number) => void;
  /** Refuse (WorkBudgetError) a run estimated past this many events; none when absent. */
  maxEvents?: number;
  /** Keep every replication's raw latencies in the result (`samples`), for validate's
   * two-sample tests. Off by default: memory then grows with the number of requests. */
  keepSamples?: boolean;
  /** Told each note of the scenario's resolution once (a Community Edition replica range
   * clamped, as its gateway does): the CLI prints them as warnings. */
  onNote?: (note: string) => void;
}

export interface FileProfileOptions {
  /** A profile file in place of the scenario's `profile` (`--profile`): resolved against the
   * working directory, as a path typed on the command line is, not the scenario's folder. */
  profile?: string;
  /** Simulate with a profile whose status is "incomplete" (refused otherwise). */
  allowIncomplete?: boolean;
  /** Told the profile once it is loaded (sim/cli.ts compares its host with this one). */
  onProfile?: (profile: CalibrationProfile, path: string) => void;
}

export interface FileRunOptions extends RunOptions, FileProfileOptions {
  /** JSON-pointer sets applied to the file's scenario before anything is read or run, as a
   * `compare` variant's are (the golden results shorten a heavy scenario with them). */
  set?: Record<string, unknown>;
}

export async function runScenarioFile(path: string, opts: FileRunOptions): Promise<SimResult> {
  const scenario = opts.set ? applySets(loadScenarioFile(path), opts.set, path) : loadScenarioFile(path);
  const profilePath = opts.profile !== undefined ? resolvePath(opts.profile) : profilePathOf(scenario, path, opts.defaultProfile);
  const profile = profilePath ? await loadProfile(profilePath, { allowIncomplete: opts.allowIncomplete }) : null;
  if (profile && profilePath) opts.onProfile?.(profile, profilePath);
  const trace = scenario.workload.executor === 'azure-trace' ? readTrace(scenario.workload, path) : null;
  return runScenario(scenario, profile, profilePath, path, { ...opts, trace });
}

export function runScenario(
  scenario: Scenario,
  profile: CalibrationProfile | null,
  profilePath: string | null,
  source: string,
  opts: Omit<RunOptions, 'defaultProfile'> = {},
): SimResult {
  const seed = opts.seed ?? scenario.seed;
  const reps = opts.replications ?? scenario.replications ?? 1;
  const variants = variantsOf(scenario, source);
  const configs = variants.map((v) => resolveScenario(v.scenario, profile, source, opts.trace ?? null));
  for (const note of new Set(configs.flatMap((c) => c.notes))) opts.onNote?.(note);
  if (opts.maxEvents !== undefined) {
    checkWorkBudget(source, variants.map((v, i) => ({ label: v.name, runs: reps, estimate: estimateReplication(configs[i]!) })), opts.maxEvents);
  }
  const seeds = Array.from({ length: reps }, (_, i) => seed + i);
  const total = variants.length * reps;
  let done = 0;
  const results: VariantResult[] = variants.map((v, vi) => {
    const runs = seeds.map((s) => {
      const cfg = configs[vi]!;
      // What the progress counts, said in full: "variant 1/2 base, replication 7/10 (seed 7)".
      const label = `${variants.length > 1 ? `variant ${vi + 1}/${variants.length} ${v.name}, ` : ''}replication ${s - seed + 1}/${reps} (seed ${s})`;
      const onTick = opts.onProgress && ((now: number) => opts.onProgress!(done, total, label, Math.min(now / cfg.horizon, 1)));
      const run = runReplication(cfg, s, onTick, opts.keepSamples ?? false);
      opts.onProgress?.(++done, total, label, 0);
      return run;
    });
    const replications = runs.map(summarizeReplication);
    return {
      name: v.name,
      overrides: v.overrides,
      seeds,
      summary: aggregate(replications.map(({ seed: _s, cutOff: _c, ...rest }) => rest)),
      replications,
      histograms: mergedHistograms(runs),
      timeSeries: timeSeriesOf(runs[0]!),
      spans: spansOf(runs[0]!),
      ...(opts.keepSamples ? { samples: runs.map(samplesOf) } : {}),
    };
  });
  return {
    format: RESULT_FORMAT,
    kind: 'simulation',
    scenario,
    profile: { path: profilePath, source: profile?.measured.source ?? null, date: profile?.measured.date ?? null },
    variants: results,
  };
}
