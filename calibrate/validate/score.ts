// The scorecard (`fave.validation/v2`): live runs of one scenario (one or several repeats)
// against their simulated replays, judged against the machine's own noise.
//
// A subject (the end-to-end latency of successful requests, or one function's successful
// calls) is *indistinguishable from a rerun* when the simulation lands no farther from the
// live runs than a live rerun does: for each judged distance (distances.ts), the median over
// the repeats of the median over the replay's replications of |distance(live run, one
// replication)| is at most the noise floor (noise-floor.ts: the upper 95% point of the
// bootstrapped live-against-live distance). End to end is judged on p50, p95, KS and W1;
// each function on p50 and p95; an asynchronous run's queue wait (202 to first execution) and
// time to callback (202 to the first posted result) on p50 and p95 too. The regime matches when every subject is indistinguishable,
// so stage errors that cancel in the sum still miss, and when cold starts (±10%) and the
// failure causes (the same set, in every repeat) match.
//
// Each simulated replication is compared on its own, never pooled: a replay of the run's
// arrivals has about the live run's n, so the comparison has the same n on both sides as a
// rerun does, and the floor measures exactly that. A pooled sample of R replications would
// be R times larger, and the tests would then treat the simulation as a known distribution
// and the live run's noise alone would decide. The two-sample tests (KS, Anderson–Darling)
// are reported per replication, summarised by the median; they assume independent draws
// from a fixed distribution, which a drifting machine is not, so they inform and do not
// decide (docs/validation.md).
//
// score() holds one Block per replay: `withoutTrace` now, `withTrace` (the replay with the
// machine's measured speed trace) when a caller has one; the floors are the live runs' own,
// computed once and shared. scoreReplay() makes a Block from any replay.
import type { SimResult } from '../../sim/run/result.ts';
import { quantile } from '../profile/stats.ts';
import { type Distances, distances, type Metric, METRICS, medianOf } from './distances.ts';
import { type Floor, FLOOR_DRAWS, FLOOR_QUANTILE, type FloorMethod, type Grouped, noiseFloor, pairwise } from './noise-floor.ts';
import type { RunData } from './run-dir.ts';
import { andersonKsamp } from './stats/anderson-ksamp.ts';
import { ks2Test } from './stats/ks2.ts';

export const VALIDATION_FORMAT = 'fave.validation/v2';
export const ALPHA = 0.05;
export const COLD_START_TOLERANCE = 0.1;
export const E2E_METRICS: readonly Metric[] = METRICS;
export const FUNCTION_METRICS: readonly Metric[] = ['p50', 'p95'];
export const ASYNC_METRICS: readonly Metric[] = ['p50', 'p95'];
/** An asynchronous run's subjects, as requests.jsonl and the replay's samples name them. */
export const ASYNC_SUBJECTS = ['queueWait', 'timeToCallback'] as const;
export type AsyncSubject = (typeof ASYNC_SUBJECTS)[number];
export const ASYNC_LABELS: Record<AsyncSubject, string> = { queueWait: 'queue wait', timeToCallback: 'time to callback' };

export type Verdict = 'indistinguishable' | 'distinguishable' | 'not judged' | 'no latency';

export interface Check { name: string; value: number | string; threshold: string; pass: boolean }

export interface DistanceScore {
  /** Median over repeats of the median over replications of the signed distance. */
  sim: number;
  /** The same medians of its magnitude: what is compared with the floor. */
  distance: number;
  /** The noise floor (null when it cannot be estimated). */
  floor: number | null;
  /** The live repeats' distances to each other, every ordered pair, as measured (none for one run). */
  live: number[];
  within: boolean | null;
}

export interface TestSummary {
  /** Medians over every (live run, replication) comparison. */
  nLive: number;
  nSim: number;
  statistic: number;
  critical: number;
  pValue: number;
  alpha: number;
  /** The median p-value is below alpha. */
  rejects: boolean;
  /** The share of comparisons whose own p-value is below alpha. */
  rejectShare: number;
  comparisons: number;
}

export interface SubjectScore {
  n: { live: number[]; sim: number };
  live: { p50: number; p95: number };
  sim: { p50: number; p95: number };
  distances: Record<Metric, DistanceScore>;
  judgedOn: Metric[];
  tests: { ks: TestSummary | null; ad: TestSummary | null };
  floor: FloorMethod | null;
  verdict: Verdict;
}

export interface Block {
  replications: number;
  e2e: SubjectScore;
  functions: Record<string, SubjectScore>;
  /** Asynchronous runs only. */
  async?: Record<AsyncSubject, SubjectScore>;
  coldStarts: { live: number; sim: number; relError: number; byStage: Record<string, { live: number; sim: number }> };
  outcomes: { run: string; live: Record<string, number>; sim: Record<string, number>; liveCauses: string[]; simCauses: string[] }[];
  checks: Check[];
  match: boolean;
}

export interface Scorecard {
  format: typeof VALIDATION_FORMAT;
  kind: 'validation';
  runs: string[];
  scenario: string;
  profile: { path: string; source: string; date: string };
  replications: number;
  seed: number;
  method: {
    alpha: number;
    floor: { method: FloorMethod; draws: number; quantile: number };
    e2eMetrics: readonly Metric[];
    functionMetrics: readonly Metric[];
    asyncMetrics: readonly Metric[];
    coldStartTolerance: number;
  };
  replays: { withoutTrace: Block; withTrace?: Block };
  /** withoutTrace's verdict: the model's prediction without the machine's measured trace. */
  match: boolean;
  /** What the reader should know before trusting the verdict: a run on another host than the
   * profile's, a run without the machine's trace, the trace's baseline. */
  notes: string[];
}

/** Live samples per subject: per repeat, per request, its values (one e2e latency; a
 * function's successful calls in that request). */
export interface LiveSamples { e2e: Grouped[]; functions: Record<string, Grouped[]>; async?: Record<AsyncSubject, Grouped[]> }
export interface Floors { e2e: Floor | null; functions: Record<string, Floor | null>; async?: Record<AsyncSubject, Floor | null> }

// A pipeline run names the orchestrator's own calls after the target ('pipeline') in older run dirs.
const fnOf = (name: string) => (name === 'pipeline' ? 'orchestrator' : name);

export function liveSamples(runs: readonly RunData[]): LiveSamples {
  const fns = [...new Set(runs.flatMap((run) => run.requests.flatMap((r) => r.calls.map((c) => fnOf(c.fn)))))].sort();
  // Every measured message counts, whatever its outcome: the simulator records a queue wait
  // for every message started and a time to callback for every result posted.
  const isAsync = runs.some((run) => run.requests.some((r) => r.async));
  const asyncOf = (k: AsyncSubject) => runs.map((run) => run.requests.map((r) => r.async?.[k]).filter((v): v is number => typeof v === 'number').map((v) => [v]));
  return {
    e2e: runs.map((run) => run.requests.filter((r) => r.outcome === 'ok').map((r) => [r.latency])),
    functions: Object.fromEntries(fns.map((fn) => [fn, runs.map((run) => run.requests.map((r) => r.calls.filter((c) => fnOf(c.fn) === fn && c.outcome === 'ok').map((c) => c.latency)))])),
    ...(isAsync ? { async: { queueWait: asyncOf('queueWait'), timeToCallback: asyncOf('timeToCallback') } } : {}),
  };
}

/** The noise floors of every subject, from the live runs alone (so any replay shares them). */
export function liveFloors(live: LiveSamples, seed: number): Floors {
  return {
    e2e: noiseFloor(live.e2e, seed, 'e2e'),
    functions: Object.fromEntries(Object.entries(live.functions).map(([fn, perRun]) => [fn, noiseFloor(perRun, seed, `function:${fn}`)])),
    ...(live.async ? { async: { queueWait: noiseFloor(live.async.queueWait, seed, 'async:queueWait'), timeToCallback: noiseFloor(live.async.timeToCallback, seed, 'async:timeToCallback') } } : {}),
  };
}

function testSummary(results: { n1: number; n2: number; statistic: number; critical: number; pValue: number }[]): TestSummary | null {
  if (results.length === 0) return null;
  const med = (f: (r: (typeof results)[number]) => number) => medianOf(results.map(f));
  const pValue = med((r) => r.pValue);
  return {
    nLive: med((r) => r.n1), nSim: med((r) => r.n2), statistic: med((r) => r.statistic), critical: med((r) => r.critical), pValue, alpha: ALPHA,
    rejects: pValue < ALPHA, rejectShare: results.filter((r) => r.pValue < ALPHA).length / results.length, comparisons: results.length,
  };
}

/** One subject: live samples per repeat against each repeat's replications. */
function scoreSubject(grouped: readonly Grouped[], sim: number[][][], floor: Floor | null, judgedOn: readonly Metric[]): SubjectScore {
  const live = grouped.map((groups) => groups.flatMap((g) => [...g]));
  const perRun: { signed: Distances; abs: Distances }[] = [];
  const ks: Parameters<typeof testSummary>[0] = [];
  const ad: Parameters<typeof testSummary>[0] = [];
  live.forEach((xs, i) => {
    const reps = sim[i]!.filter((ys) => ys.length > 0);
    if (xs.length === 0 || reps.length === 0) return;
    const ds = reps.map((ys) => distances(xs, ys));
    const signed = {} as Distances;
    const abs = {} as Distances;
    for (const m of METRICS) {
      signed[m] = medianOf(ds.map((d) => d[m]));
      abs[m] = medianOf(ds.map((d) => Math.abs(d[m])));
    }
    perRun.push({ signed, abs });
    for (const ys of reps) {
      ks.push(ks2Test(xs, ys, ALPHA));
      try {
        const r = andersonKsamp([xs, ys]);
        ad.push({ n1: xs.length, n2: ys.length, statistic: r.statistic, critical: r.critical, pValue: r.pValue });
      } catch (e) {
        // Undefined for fewer than 4 values or a single distinct one: no AD comparison.
        if (!(e instanceof RangeError)) throw e;
      }
    }
  });
  const liveHas = live.some((xs) => xs.length > 0);
  const simHas = sim.some((reps) => reps.some((ys) => ys.length > 0));
  const between = pairwise(live);
  const dist = {} as Record<Metric, DistanceScore>;
  for (const m of METRICS) {
    const distance = medianOf(perRun.map((r) => r.abs[m]));
    const bound = floor ? floor.bound[m] : null;
    dist[m] = {
      sim: medianOf(perRun.map((r) => r.signed[m])),
      distance,
      floor: bound,
      live: between.map((d) => d[m]),
      within: bound === null || perRun.length === 0 ? null : distance <= bound,
    };
  }
  let verdict: Verdict;
  if (!liveHas && !simHas) verdict = 'no latency';
  else if (liveHas !== simHas) verdict = 'distinguishable'; // one side never succeeded
  else if (floor === null) verdict = 'not judged';
  else verdict = judgedOn.every((m) => dist[m].within) ? 'indistinguishable' : 'distinguishable';
  const simAll = sim.flatMap((reps) => reps.filter((ys) => ys.length > 0));
  return {
    n: { live: live.map((xs) => xs.length), sim: medianOf(sim.flatMap((reps) => reps.map((ys) => ys.length))) },
    live: { p50: medianOf(live.filter((xs) => xs.length).map((xs) => quantile(xs, 0.5))), p95: medianOf(live.filter((xs) => xs.length).map((xs) => quantile(xs, 0.95))) },
    sim: { p50: medianOf(simAll.map((ys) => quantile(ys, 0.5))), p95: medianOf(simAll.map((ys) => quantile(ys, 0.95))) },
    distances: dist,
    judgedOn: [...judgedOn],
    tests: { ks: testSummary(ks), ad: testSummary(ad) },
    floor: floor?.method ?? null,
    verdict,
  };
}

const rel = (sim: number, live: number) => (live === 0 ? (sim === 0 ? 0 : Infinity) : (sim - live) / live);

function samplesOf(sim: SimResult): NonNullable<SimResult['variants'][number]['samples']> {
  const s = sim.variants[0]!.samples;
  if (!s) throw new Error('score: the replay was run without keepSamples (replay.ts keeps them)');
  return s;
}

const subjectCheck = (name: string, s: SubjectScore): Check => ({
  name,
  value: s.verdict,
  threshold: `${s.judgedOn.join(', ')} within the noise floor`,
  pass: s.verdict !== 'distinguishable',
});

/**
 * One replay scored: `sims[i]` is the replay of `runs[i]` (its arrivals and fan-out), each
 * with the same replications. `floors` are the live runs' (liveFloors), shared by every replay.
 */
export function scoreReplay(runs: readonly RunData[], sims: readonly SimResult[], live: LiveSamples, floors: Floors): Block {
  if (sims.length !== runs.length) throw new Error(`scoreReplay: ${runs.length} runs but ${sims.length} replays`);
  const samples = sims.map(samplesOf);
  const e2e = scoreSubject(live.e2e, samples.map((reps) => reps.map((r) => r.e2e)), floors.e2e, E2E_METRICS);
  const functions: Record<string, SubjectScore> = {};
  for (const [fn, perRun] of Object.entries(live.functions)) {
    if (!sims[0]!.variants[0]!.summary.functions[fn]) continue; // not a function the simulation has
    functions[fn] = scoreSubject(perRun, samples.map((reps) => reps.map((r) => r.functions[fn] ?? [])), floors.functions[fn] ?? null, FUNCTION_METRICS);
  }
  let async: Block['async'];
  if (live.async) {
    const subject = (k: AsyncSubject) => scoreSubject(live.async![k], samples.map((reps) => reps.map((r) => r.async?.[k] ?? [])), floors.async?.[k] ?? null, ASYNC_METRICS);
    async = { queueWait: subject('queueWait'), timeToCallback: subject('timeToCallback') };
  }

  const byStage: Record<string, { live: number; sim: number }> = {};
  for (const fn of Object.keys(sims[0]!.variants[0]!.summary.functions)) {
    const l = runs.reduce((a, run) => a + run.telemetry.filter((t) => t.stage === fn && t.firstCall).length, 0);
    const s = sims.reduce((a, sim) => a + (sim.variants[0]!.summary.functions[fn]?.firstCalls.mean ?? 0), 0);
    if (l > 0 || s > 0) byStage[fn] = { live: l, sim: s };
  }
  const coldLive = Object.values(byStage).reduce((a, b) => a + b.live, 0);
  const coldSim = Object.values(byStage).reduce((a, b) => a + b.sim, 0);
  const coldStarts = { live: coldLive, sim: coldSim, relError: rel(coldSim, coldLive), byStage };

  const outcomes = runs.map((run, i) => {
    const liveOut: Record<string, number> = {};
    for (const r of run.requests) liveOut[r.outcome] = (liveOut[r.outcome] ?? 0) + 1;
    const simOut = Object.fromEntries(Object.entries(sims[i]!.variants[0]!.summary.outcomes).map(([k, e]) => [k, e.mean]));
    return {
      run: run.dir,
      live: liveOut,
      sim: simOut,
      liveCauses: Object.keys(liveOut).filter((k) => k !== 'ok' && liveOut[k]! > 0).sort(),
      // A cause counts in the simulation when it occurs at least once per replication on average.
      simCauses: Object.keys(simOut).filter((k) => k !== 'ok' && simOut[k]! >= 0.5).sort(),
    };
  });
  const causesDiffer = outcomes.filter((o) => o.liveCauses.join() !== o.simCauses.join());
  const shown = causesDiffer[0] ?? outcomes[0]!;
  const checks: Check[] = [
    subjectCheck('e2e latency', e2e),
    ...Object.entries(functions).map(([fn, s]) => subjectCheck(`${fn} latency`, s)),
    ...(async ? ASYNC_SUBJECTS.map((k) => subjectCheck(ASYNC_LABELS[k], async![k])) : []),
    { name: 'cold starts relative error', value: coldStarts.relError, threshold: `within ±${COLD_START_TOLERANCE * 100}%`, pass: Number.isFinite(coldStarts.relError) && Math.abs(coldStarts.relError) <= COLD_START_TOLERANCE },
    {
      name: 'failure causes',
      value: `live [${shown.liveCauses.join(', ')}] sim [${shown.simCauses.join(', ')}]${runs.length > 1 ? ` (${causesDiffer.length ? shown.run : 'every run'})` : ''}`,
      threshold: runs.length > 1 ? 'the same set, in every run' : 'the same set',
      pass: causesDiffer.length === 0,
    },
  ];
  return { replications: samples[0]!.length, e2e, functions, ...(async ? { async } : {}), coldStarts, outcomes, checks, match: checks.every((c) => c.pass) };
}

/** The scorecard of live repeats against their replays without (and optionally with) the machine's trace. */
export function score(
  runs: readonly RunData[],
  replays: { withoutTrace: readonly SimResult[]; withTrace?: readonly SimResult[] },
  profilePath: string,
  replications: number,
  seed: number,
  notes: readonly string[] = [],
): Scorecard {
  const live = liveSamples(runs);
  const floors = liveFloors(live, seed);
  const withoutTrace = scoreReplay(runs, replays.withoutTrace, live, floors);
  const sim = replays.withoutTrace[0]!;
  return {
    format: VALIDATION_FORMAT,
    kind: 'validation',
    runs: runs.map((r) => r.dir),
    scenario: runs[0]!.scenario.name,
    profile: { path: profilePath, source: sim.profile.source ?? '', date: sim.profile.date ?? '' },
    replications,
    seed,
    method: {
      alpha: ALPHA,
      floor: { method: runs.length > 1 ? 'bootstrap-repeats' : 'bootstrap-halves', draws: FLOOR_DRAWS, quantile: FLOOR_QUANTILE },
      e2eMetrics: E2E_METRICS,
      functionMetrics: FUNCTION_METRICS,
      asyncMetrics: ASYNC_METRICS,
      coldStartTolerance: COLD_START_TOLERANCE,
    },
    replays: { withoutTrace, ...(replays.withTrace ? { withTrace: scoreReplay(runs, replays.withTrace, live, floors) } : {}) },
    match: withoutTrace.match,
    notes: [...notes],
  };
}
