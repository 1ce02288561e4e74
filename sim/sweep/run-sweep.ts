// A sweep file in, a sweep result out: every point × every seed as a task on worker
// threads, merged per point in point and seed order (so the result is the same, bit for
// bit, whatever the number of workers), then each point's metrics and the Pareto front.
// Where the tasks run is a strategy (`pool`): worker threads by default; the CLI passes the
// remote pool (sim/sweep/remote/) for `--gateway`.
import { availableParallelism } from 'node:os';
import { resolve as resolvePath } from 'node:path';
import { loadProfile } from '../profile/load.ts';
import type { CalibrationProfile } from '../profile/types.ts';
import { ConfigError, type ConfigIssue } from '../scenario/errors.ts';
import { profilePathOf } from '../scenario/load.ts';
import { resolveScenario } from '../scenario/resolve.ts';
import { dedupeIssues, pointIssues } from './apply-point.ts';
import type { LoadedSweep } from './load.ts';
import { objectivesOf, onFrontOf, pointMetrics, type SeedRun } from './metrics.ts';
import { paretoFront } from './pareto.ts';
import { pointLabel } from './points.ts';
import { checkWorkBudget, type WorkPart } from '../run/work-budget.ts';
import { estimateReplication } from '../run/work-estimate.ts';
import { type PoolOptions, runTasks } from './pool.ts';
import { TraceCache } from './traces.ts';
import { objectiveOf, type ResolvedPoint, SWEEP_RESULT_FORMAT, type SweepResult } from './types.ts';
import type { Task, WorkerInit } from './worker.ts';

/** What every task shares: the worker threads' init, plus the profile already read. */
export interface SweepJob extends WorkerInit {
  profile: CalibrationProfile | null;
}

/** Runs the tasks somewhere and returns their runs indexed by task id. */
export type TaskPool = (tasks: Task[], job: SweepJob, opts: PoolOptions) => Promise<SeedRun[]>;

/** The default pool: worker threads on this machine (they read the profile themselves). */
export const threadPool: TaskPool = (tasks, { profilePath, source, scenarios }, opts) => runTasks(tasks, { profilePath, source, scenarios }, opts);

/** What reading the profile and resolving the points needs. */
export interface PrepareOptions {
  defaultProfile: string;
  /** A profile file in place of the scenario's `profile` (`--profile`), resolved against the
   * working directory. */
  profile?: string;
  /** Points to leave out instead of refusing the sweep when the model rejects them (a
   * generated space's): told each, with its issues. A sweep file's points are all checked. */
  onRejected?: (point: ResolvedPoint, issues: ConfigIssue[]) => void;
}

/** The sweep made ready to run: the job the pools share, the points that run, and each
 * point's estimated work per seed (for a budget). */
export interface PreparedSweep {
  job: SweepJob;
  points: ResolvedPoint[];
  work: Map<number, WorkPart>; // by point index, one seed's work in `runs: 1`
}

export interface SweepOptions extends PrepareOptions {
  workers?: number; // default: the machine's available parallelism
  /** `done` finished runs, `running` the fractions done of those under way (PoolOptions). */
  onProgress?: (done: number, total: number, label: string, running: number) => void;
  signal?: AbortSignal;
  /** Where tasks run; default threadPool. */
  pool?: TaskPool;
  /** Refuse (WorkBudgetError) a sweep estimated past this many events, all points and
   * seeds together; none when absent. */
  maxEvents?: number;
}

/** Reads the profile and resolves every point first: a configuration the model rejects
 * (min > max, ...) is a bad sweep, reported before any work starts, not a failed task. */
export async function prepareSweep(loaded: LoadedSweep, source: string, opts: PrepareOptions): Promise<PreparedSweep> {
  const { sweep, base, points, scenarioPath } = loaded;
  const profilePath = opts.profile !== undefined ? resolvePath(opts.profile) : profilePathOf(base, scenarioPath, opts.defaultProfile);
  const profile = profilePath ? await loadProfile(profilePath) : null;
  const issues: ConfigIssue[] = [];
  const traces = new TraceCache(scenarioPath);
  const work = new Map<number, WorkPart>();
  const kept: ResolvedPoint[] = [];
  for (const p of points) {
    try {
      const cfg = resolveScenario(p.scenario, profile, source, traces.of(p.scenario));
      work.set(p.index, { label: `point ${p.index} (${pointLabel(p)})`, runs: 1, estimate: estimateReplication(cfg) });
      kept.push(p);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      if (opts.onRejected) opts.onRejected(p, e.issues);
      else issues.push(...pointIssues(sweep, p, e.issues));
    }
  }
  if (issues.length) throw new ConfigError(source, dedupeIssues(issues));
  // The workers index scenarios by point index: every point's, run or not.
  return { job: { profilePath, profile, source: scenarioPath, scenarios: points.map((p) => p.scenario) }, points: kept, work };
}

/** Runs (point, seed) pairs on the pool; the runs come back in the pairs' order. */
export function runPointSeeds(prepared: PreparedSweep, pairs: { point: number; seed: number }[], opts: Omit<SweepOptions, keyof PrepareOptions | 'maxEvents'>): Promise<SeedRun[]> {
  const tasks: Task[] = pairs.map((p, id) => ({ id, point: p.point, seed: p.seed }));
  const pool = opts.pool ?? threadPool;
  return pool(tasks, prepared.job, {
    workers: opts.workers ?? availableParallelism(),
    signal: opts.signal,
    onProgress: (done, total, t, running) => opts.onProgress?.(done, total, `point ${t.point} seed ${t.seed}`, running ?? 0),
  });
}

export async function runSweep(loaded: LoadedSweep, source: string, opts: SweepOptions): Promise<SweepResult> {
  const { sweep, base, points } = loaded;
  const prepared = await prepareSweep(loaded, source, { defaultProfile: opts.defaultProfile, ...(opts.profile !== undefined ? { profile: opts.profile } : {}) });
  const { profilePath, profile } = prepared.job;
  if (opts.maxEvents !== undefined) checkWorkBudget(source, points.map((p) => ({ ...prepared.work.get(p.index)!, runs: sweep.seeds })), opts.maxEvents);

  const seeds = Array.from({ length: sweep.seeds }, (_, i) => base.seed + i);
  const runs = await runPointSeeds(prepared, points.flatMap((p) => seeds.map((seed) => ({ point: p.index, seed }))), opts);

  const objective = objectiveOf(sweep);
  const results = points.map((p, i) => {
    const metrics = pointMetrics(runs.slice(i * seeds.length, (i + 1) * seeds.length), objective);
    return { index: p.index, overrides: p.overrides, metrics, objectives: objectivesOf(metrics, objective), pareto: false };
  });
  // A point that failed every request is no trade-off, however cheap (nor, with an slo, one
  // where every request missed it).
  const pareto = paretoFront(results.map((r) => r.objectives), results.map((r) => onFrontOf(r.metrics)));
  for (const i of pareto) results[i]!.pareto = true;
  return {
    format: SWEEP_RESULT_FORMAT,
    sweep,
    scenario: base,
    profile: { path: profilePath, source: profile?.measured.source ?? null, date: profile?.measured.date ?? null },
    objective,
    seeds,
    points: results,
    pareto,
  };
}
