// A sweep file in, a sweep result out: every point × every seed as a task on worker
// threads, merged per point in point and seed order (so the result is the same, bit for
// bit, whatever the number of workers), then each point's metrics and the Pareto front.
// Where the tasks run is a strategy (`pool`): worker threads by default; the CLI passes the
// remote pool (sim/sweep/remote/) for `--gateway`.
import { availableParallelism } from 'node:os';
import { loadProfile } from '../profile/load.ts';
import type { CalibrationProfile } from '../profile/types.ts';
import { ConfigError, type ConfigIssue } from '../scenario/errors.ts';
import { profilePathOf } from '../scenario/load.ts';
import { resolveScenario } from '../scenario/resolve.ts';
import { dedupeIssues, pointIssues } from './apply-point.ts';
import type { LoadedSweep } from './load.ts';
import { objectivesOf, pointMetrics, type SeedRun } from './metrics.ts';
import { paretoFront } from './pareto.ts';
import { pointLabel } from './points.ts';
import { checkWorkBudget, type WorkPart } from '../run/work-budget.ts';
import { estimateReplication } from '../run/work-estimate.ts';
import { type PoolOptions, runTasks } from './pool.ts';
import { TraceCache } from './traces.ts';
import { objectiveOf, SWEEP_RESULT_FORMAT, type SweepResult } from './types.ts';
import type { Task, WorkerInit } from './worker.ts';

/** What every task shares: the worker threads' init, plus the profile already read. */
export interface SweepJob extends WorkerInit {
  profile: CalibrationProfile | null;
}

/** Runs the tasks somewhere and returns their runs indexed by task id. */
export type TaskPool = (tasks: Task[], job: SweepJob, opts: PoolOptions) => Promise<SeedRun[]>;

/** The default pool: worker threads on this machine (they read the profile themselves). */
export const threadPool: TaskPool = (tasks, { profilePath, source, scenarios }, opts) => runTasks(tasks, { profilePath, source, scenarios }, opts);

export interface SweepOptions {
  defaultProfile: string;
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

export async function runSweep(loaded: LoadedSweep, source: string, opts: SweepOptions): Promise<SweepResult> {
  const { sweep, base, points, scenarioPath } = loaded;
  const profilePath = profilePathOf(base, scenarioPath, opts.defaultProfile);
  const profile = profilePath ? await loadProfile(profilePath) : null;
  // Resolve every point here first: a configuration the model rejects (min > max, ...)
  // is a bad sweep, reported before any work starts, not a failed task.
  const issues: ConfigIssue[] = [];
  const traces = new TraceCache(scenarioPath);
  const work: WorkPart[] = [];
  for (const p of points) {
    try {
      const cfg = resolveScenario(p.scenario, profile, source, traces.of(p.scenario));
      work.push({ label: `point ${p.index} (${pointLabel(p)})`, runs: sweep.seeds, estimate: estimateReplication(cfg) });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      issues.push(...pointIssues(sweep, p, e.issues));
    }
  }
  if (issues.length) throw new ConfigError(source, dedupeIssues(issues));
  if (opts.maxEvents !== undefined) checkWorkBudget(source, work, opts.maxEvents);

  const seeds = Array.from({ length: sweep.seeds }, (_, i) => base.seed + i);
  const tasks: Task[] = points.flatMap((p) => seeds.map((seed) => ({ id: 0, point: p.index, seed })));
  tasks.forEach((t, i) => (t.id = i));
  const pool = opts.pool ?? threadPool;
  const runs = await pool(
    tasks,
    { profilePath, profile, source: scenarioPath, scenarios: points.map((p) => p.scenario) },
    {
      workers: opts.workers ?? availableParallelism(),
      signal: opts.signal,
      onProgress: (done, total, t, running) => opts.onProgress?.(done, total, `point ${t.point} seed ${t.seed}`, running ?? 0),
    },
  );

  const objective = objectiveOf(sweep);
  const results = points.map((p, i) => {
    const metrics = pointMetrics(runs.slice(i * seeds.length, (i + 1) * seeds.length), objective);
    return { index: p.index, overrides: p.overrides, metrics, objectives: objectivesOf(metrics, objective), pareto: false };
  });
  const pareto = paretoFront(results.map((r) => r.objectives));
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
