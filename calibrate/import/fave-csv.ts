// Builds a fave.calibration/v1 profile from the original FAVE's per-stage telemetry
// (data/fave/stage_invocations.csv) and its request log (data/fave/requests.csv), separating
// what the data can tell apart (issue #20):
// - warm service times from the calls that ran alone (overlap.ts reconstructs who was in
//   flight when, from the request offsets and the cumulative stage times);
// - first-call penalties from the alone first calls of each process;
// - a contention curve per stage from one documented subset of overlapped calls, the cold
//   burst of 5, with every other overlapped call held out and scored against it;
// - the orchestrator's own time per stage call from alone requests outside the experiments
//   FAVE is to predict;
// - node size and memory from sources and measurements (fave-memory.ts).
// Each fit's method, sample size, goodness of fit, what was held out and the held-out score
// go into the report, which is also kept in measured.notes.
import path from 'node:path';
import { CALIBRATION_FORMAT, type CalibrationProfile, type Fit, type StageProfile } from '../../sim/profile/types.ts';
import { CsvError, type CsvTable } from '../../sim/trace/csv.ts';
import { fitSamples } from '../fit/fit-samples.ts';
import { fitWithZeros } from '../fit/fit-with-zeros.ts';
import { median } from '../profile/stats.ts';
import { fitPoint, predictSeconds, score, type ContentionPoint, type OverlappedCall, type Score, type StageMedians } from './contention-fit.ts';
import { CONTAINER_START, CONTAINER_START_NOTE, STAGE_INIT, STATE_ROUND_TRIP, STATE_ROUND_TRIP_NOTE, lognormalAt } from './fave-assumptions.ts';
import { faveTimeline, type FaveCall, ATTEMPT_TIMEOUT_S } from './fave-calls.ts';
import { PIPELINE_STAGES, parseInvocations, type Invocation } from './fave-invocations.ts';
import { NODE_CORES, NODE_MEMORY_MIB, STAGE_MEMORY, memoryNotes } from './fave-memory.ts';
import { parseRequests, type FaveRequest } from './fave-requests.ts';
import { MLE_METHOD, ZEROS_METHOD, describeFit, describeScore, r2, r3 } from './fit-report.ts';
import { perCallOverhead } from './orchestrator-overhead.ts';

export { PIPELINE_STAGES, parseInvocations, type Invocation } from './fave-invocations.ts';

/**
 * The contention fit's subset: E3's cold burst of 5 (docs/original-fave.md, (c)). Its
 * requests ran in lock-step (each stage's calls start and end together), every process was
 * fresh (one cold_start call per stage), and 5 calls to a one-replica stage is within the
 * node's 8 cores, so the slowdown beyond processor sharing is what the curve must carry.
 */
export const CONTENTION_SUBSET = 'cold-burst_5req';

/** The experiments FAVE is to predict (issue #20): nothing of theirs may feed the orchestrator's overhead. */
export const PREDICTED = ['warm-steady-5req_0rps_5req', 'cold-burst_5req', 'warm-steady_1rps_20req'];

/**
 * A run as its results file names it, without the pattern and the save time:
 * results_burst_cold-burst_5req_1766723247.json -> cold-burst_5req (labels alone repeat:
 * E1's burst of 10 is also 'cold-burst').
 */
export function experimentOf(file: string): string {
  return file.replace(/^results_(steady|burst)_/, '').replace(/_\d+\.json$/, '');
}

export interface FaveImportOptions {
  /** Raw samples kept per fit (default 500). */
  maxSamples?: number;
}

export interface FaveImport {
  profile: CalibrationProfile;
  /** One line per fit and held-out score; the same lines are in profile.measured.notes. */
  report: string[];
}

interface StageFits {
  name: string;
  warm: Fit;
  firstCall: Fit;
  medians: StageMedians;
  aloneWarm: FaveCall[];
  aloneFirst: FaveCall[];
  /** The old importer's warm fit, for comparison. */
  pooled: Fit;
}

const isPredicted = (file: string): boolean => PREDICTED.includes(experimentOf(file));
const inSubset = (c: { file: string }): boolean => experimentOf(c.file) === CONTENTION_SUBSET;
/** E3 warm-steady-5req_0rps_5req: the era's short name and the run. */
const runName = (x: { era: string; file: string }): string => `${x.era.split('_')[0]} ${experimentOf(x.file)}`;

export function buildFaveProfile(invocationsTable: CsvTable, requestsTable: CsvTable, opts: FaveImportOptions = {}): FaveImport {
  const fitOpts = { maxSamples: opts.maxSamples ?? 500 };
  const invocations = parseInvocations(invocationsTable);
  const requests = parseRequests(requestsTable);
  const timeline = faveTimeline(invocations, requests, requestsTable.file);
  const zero = timeline.calls.filter((c) => c.seconds === 0);
  const calls = timeline.calls.filter((c) => c.seconds > 0);
  const report: string[] = [];

  const stages = PIPELINE_STAGES.map((name) => stageFits(name, calls, invocations, invocationsTable.file, fitOpts));
  for (const s of stages) {
    const overlapped = calls.filter((c) => c.stage === s.name && !c.alone);
    report.push(...stageReport(s, overlapped.filter((c) => inSubset(c)).length, overlapped.filter((c) => !inSubset(c)).length));
  }

  // Contention: one point per stage from the subset; every other overlapped call is held out.
  const subset = calls.filter(inSubset);
  if (subset.length === 0) throw new CsvError(invocationsTable.file, 1, `no calls of '${CONTENTION_SUBSET}', the contention fit's subset`);
  const curves = new Map<string, ContentionPoint[]>();
  const inSample: { observed: number; predicted: number }[] = [];
  for (const s of stages) {
    const mine = subset.filter((c) => c.stage === s.name).map((c) => burstCall(c));
    if (mine.length === 0) continue;
    const p = fitPoint(mine, s.medians, NODE_CORES);
    curves.set(s.name, [{ concurrency: p.concurrency, slowdown: Number(p.slowdown.toFixed(3)) }]);
    for (const c of mine) inSample.push({ observed: c.seconds, predicted: predictSeconds(s.medians, curves.get(s.name)!, c, NODE_CORES) });
    report.push(
      `fit contention ${s.name}: point (${p.concurrency}, ${r3(p.slowdown)}) = (median burst call ${r3(p.observed)} s - first-call penalty ${r3(s.medians.firstCall)} s) / alone warm median ${r3(s.medians.warm)} s` +
      `${p.raw < 1 ? ` (${r3(p.raw)} clipped at 1)` : ''}; subset ${CONTENTION_SUBSET}, n=${p.n} calls at ${p.concurrency} in flight (lock-step); curve through (1, 1), flat past ${p.concurrency}.`,
    );
  }
  report.push(`fit contention, in sample (${CONTENTION_SUBSET}): ${describeScore(score(inSample))} (1 by construction but for the spread within the burst).`);
  const heldOut = calls.filter((c) => !c.alone && !inSubset(c));
  const scored = heldOut.map((c) => {
    const s = stages.find((x) => x.name === c.stage)!;
    const o: OverlappedCall = { stage: c.stage, seconds: c.seconds, primed: c.firstCall, sameStage: c.sameStage, inFlight: c.inFlight };
    return { c, observed: c.seconds, predicted: predictSeconds(s.medians, curves.get(c.stage) ?? [], o, NODE_CORES) };
  });
  const heldOutScores = heldOutReport(scored, report);
  if (timeline.unplaced.length > 0) {
    const files = [...new Set(timeline.unplaced.map((u) => `${runName(u.req)} request ${u.req.reqIdx}`))];
    report.push(`not placed, so neither alone nor scored: ${timeline.unplaced.length} calls of ${files.length} requests longer than the ${ATTEMPT_TIMEOUT_S}-s attempt timeout (retried: their calls belong to a last attempt whose start is not recorded): ${files.join(', ')}.`);
  }

  // Orchestrator overhead per stage call.
  const overhead = orchestratorOverhead(timeline.requests, timeline.calls, fitOpts, report);

  const stageProfiles: Record<string, StageProfile> = {};
  for (const s of stages) {
    const init = STAGE_INIT[s.name]!;
    const mem = STAGE_MEMORY[s.name]!;
    const curve = curves.get(s.name);
    stageProfiles[s.name] = {
      warm: s.warm,
      containerStart: assumed(lognormalAt(CONTAINER_START.median, CONTAINER_START.sigma)),
      init: assumed(lognormalAt(init.median, init.sigma)),
      firstCall: s.firstCall,
      ...(curve ? { contention: curve } : {}),
      memoryMB: { base: mem.base, perRequest: mem.perRequest },
    };
  }
  const unplacedCalls = timeline.unplaced.length;
  const eras = [...new Set(invocations.map((i) => i.era))].sort();
  const notes: string[] = [
    `source: ${invocations.length} stage calls of ${new Set(invocations.map((i) => i.request)).size} successful requests (${path.basename(invocationsTable.file)}) and all ${requests.length} requests of ${new Set(requests.map((r) => r.file)).size} results files (${path.basename(requestsTable.file)}, data/README.md), eras ${eras.join(', ')}; eras pooled (too few calls per era to fit apart).`,
    'placement (calibrate/import/overlap.ts): a request is in flight from its start offset for its client duration; its time outside stage handlers is spread evenly over the gaps before, between and after its calls, so call i starts at start + (i + 1) x outside / (calls + 1) + the handler seconds before it. ' +
      `Requests longer than the ${ATTEMPT_TIMEOUT_S}-s attempt timeout (E2 on) were retried and their calls are not placed.`,
    'alone: no other request of the same results file (failed ones included) was in flight during the call. Concurrency of an overlapped call, time-averaged over it: sameStage = calls of the same stage placed over it (itself included; a lower bound where requests with unknown calls were in flight), inFlight = requests in flight (an upper bound on the calls the node was running).',
    `warm: alone calls that were not their process's first (cold_start=False); firstCall: alone first calls (cold_start=True marks a process's first completed call, not a container start), penalty = duration - the stage's alone warm median, clipped at 0. Left out: ${zero.length} call(s) of 0 ms (no work: lines ${zero.map((c) => c.line).join(', ') || 'none'}), and ${unplacedCalls} calls of retried requests.`,
    `model scored on held-out calls (calibrate/import/contention-fit.ts): P x [waited for a fresh process] + w x s(sameStage) x max(1, inFlight / ${NODE_CORES}), with w and P the stage's alone medians and s its contention curve; the simulator's reading of the profile, each call keeping one core busy (cpu not measured: the CSV has no CPU time, so cpuFraction is 1).`,
    `contention form: a curve point per stage, no cpuLimit. The subset has one concurrency per stage, so one number per stage is all it can fix; a cpuLimit is floored at one call's demand (1 core here, sim/scenario/resolve.ts), so it could slow k calls by k times at most, less than ${[...curves.values()].filter((c) => c[0]!.slowdown > c[0]!.concurrency).length} of the ${curves.size} fitted stages show; and the curve is the profile's place for slowdown beyond processor sharing.`,
    `priming: in the subset every process was fresh (one cold_start call per stage) and all 5 calls of a stage arrived together, so each is taken to have waited for the process's first-call penalty P (Python's import lock) before running with the others: a burst call takes P + w x s(k).`,
    CONTAINER_START_NOTE,
    STATE_ROUND_TRIP_NOTE,
    ...PIPELINE_STAGES.map((n) => `init ${n} (assumed): lognormal median ${STAGE_INIT[n]!.median} s, sigma ${STAGE_INIT[n]!.sigma}: ${STAGE_INIT[n]!.why}.`),
    ...memoryNotes(),
    ...report,
  ];
  const profile: CalibrationProfile = {
    format: CALIBRATION_FORMAT,
    measured: {
      source: 'fave-csv',
      target: invocationsTable.file,
      host: 'original FAVE: OpenFaaS on a single-node Docker Desktop Kubernetes (Python stages)',
      date: measuredDate(invocations),
      plan: {
        rows: invocations.length,
        requests: requests.length,
        alone: Object.fromEntries(stages.map((s) => [s.name, { warm: s.aloneWarm.length, firstCall: s.aloneFirst.length, pooledWarmBefore: s.pooled.n }])),
        contentionSubset: CONTENTION_SUBSET,
        heldOut: heldOutScores,
        unplacedCalls,
      },
      notes,
    },
    node: { cores: NODE_CORES, memoryMB: NODE_MEMORY_MIB },
    stages: stageProfiles,
    fanout: fanout(invocations, fitOpts, notes),
    overheads: {
      s3Get: assumed({ type: 'constant', value: STATE_ROUND_TRIP.get }),
      s3Put: assumed({ type: 'constant', value: STATE_ROUND_TRIP.put }),
      ...(overhead ? { orchestrator: overhead } : {}),
    },
  };
  return { profile, report };
}

function stageFits(name: string, calls: readonly FaveCall[], invocations: readonly Invocation[], file: string, fitOpts: { maxSamples: number }): StageFits {
  const mine = calls.filter((c) => c.stage === name);
  const aloneWarm = mine.filter((c) => c.alone && !c.firstCall);
  if (aloneWarm.length === 0) throw new CsvError(file, 1, `no warm call of stage-${name} ran alone: nothing to fit its warm time from`);
  const warmMedian = median(aloneWarm.map((c) => c.seconds));
  const aloneFirst = mine.filter((c) => c.alone && c.firstCall);
  const penalties = aloneFirst.map((c) => Math.max(0, c.seconds - warmMedian));
  const firstCall: Fit = penalties.length > 0
    ? fitWithZeros(penalties, fitOpts)
    : { dist: { type: 'constant', value: 0 }, family: 'constant', n: 0, warning: 'no first call ran alone: assumed 0' };
  // The old importer's warm sample, for comparison: every non-first call outside the burst,
  // whatever else was in flight.
  const pooled = invocations.filter((i) => i.stage === name && !i.firstCall && i.concurrency === 1 && i.seconds > 0).map((i) => i.seconds);
  return {
    name,
    warm: fitSamples(aloneWarm.map((c) => c.seconds), fitOpts),
    firstCall,
    medians: { warm: warmMedian, firstCall: penalties.length ? median(penalties) : 0 },
    aloneWarm,
    aloneFirst,
    pooled: fitSamples(pooled, fitOpts),
  };
}

/** A burst call as the contention fit reads it: in lock-step, every request in flight was in
 * the same stage (the failed fifth request's calls are unknown, so sameStage would miss it),
 * and every call waited for its fresh process's priming. */
function burstCall(c: FaveCall): OverlappedCall {
  return { stage: c.stage, seconds: c.seconds, primed: true, sameStage: c.inFlight, inFlight: c.inFlight };
}

function heldOutReport(scored: { c: FaveCall; observed: number; predicted: number }[], report: string[]): Record<string, Score> {
  const out: Record<string, Score> = {};
  const labels = [...new Set(scored.map((s) => runName(s.c)))];
  for (const label of labels) {
    const mine = scored.filter((s) => runName(s.c) === label);
    const sc = score(mine);
    out[label] = sc;
    const known = mine.every((s) => s.c.unknown < 0.01);
    const unknown = median(mine.map((s) => s.c.unknown));
    report.push(
      `held out ${label}: ${describeScore(sc)}; concurrency ${known ? 'fully reconstructed (every request in flight has known calls)' : `partly unknown (median ${r2(unknown)} requests in flight with unknown calls: sameStage is a lower bound, inFlight an upper bound on busy calls)`}; ` +
      `median sameStage ${r2(median(mine.map((s) => s.c.sameStage)))}, inFlight ${r2(median(mine.map((s) => s.c.inFlight)))}.`,
    );
  }
  const all = score(scored);
  out['all'] = all;
  report.push(`held out, all overlapped calls outside the subset: ${describeScore(all)}.`);
  for (const stage of PIPELINE_STAGES) {
    const mine = scored.filter((s) => s.c.stage === stage);
    if (mine.length > 0) report.push(`held out ${stage}: ${describeScore(score(mine))}.`);
  }
  return out;
}

function orchestratorOverhead(requests: readonly FaveRequest[], calls: readonly FaveCall[], fitOpts: { maxSamples: number }, report: string[]): Fit | undefined {
  // Requests that reached every stage, alone in their file (nothing else in flight at any
  // time of theirs), outside the experiments to predict. A 0-ms call was the orchestrator's
  // stub (ENABLE_OBJECT_DETECTOR unset), not a gateway call.
  const rows = requests.filter((r) => r.failure === 'ok' && r.stageCount === PIPELINE_STAGES.length && r.stageSeconds !== undefined);
  const alone = rows.filter((r) => !requests.some((o) => o !== r && o.file === r.file && o.start < r.start + r.duration && o.start + o.duration > r.start));
  const gatewayCalls = (r: FaveRequest) => calls.filter((c) => c.req === r && c.seconds > 0).length;
  const used = alone.filter((r) => !isPredicted(r.file));
  // Net of the state.json round trip after each call, which the simulator models itself.
  const net = (x: number | null) => (x === null ? null : Math.max(0, x - STATE_ROUND_TRIP.get - STATE_ROUND_TRIP.put));
  const samples = used.map((r) => ({ r, x: net(perCallOverhead({ duration: r.duration, stageSeconds: r.stageSeconds!, calls: gatewayCalls(r) })) })).filter((s) => s.x !== null && s.x > 0);
  if (samples.length === 0) {
    report.push('fit orchestrator: no alone request outside the experiments to predict reached every stage; overheads.orchestrator not set.');
    return undefined;
  }
  const fit = fitSamples(samples.map((s) => s.x!), fitOpts);
  const m = median(samples.map((s) => s.x!));
  // Held out: the predicted experiments' ok single-attempt requests, per call, against the median.
  const check = rows.filter((r) => isPredicted(r.file) && r.duration <= ATTEMPT_TIMEOUT_S)
    .map((r) => ({ r, x: net(perCallOverhead({ duration: r.duration, stageSeconds: r.stageSeconds!, calls: gatewayCalls(r) })) }))
    .filter((s) => s.x !== null && s.x > 0);
  const byLabel = [...new Set(check.map((s) => runName(s.r)))].map((label) => {
    const mine = check.filter((s) => runName(s.r) === label);
    return `${label} ${describeScore(score(mine.map((s) => ({ observed: s.x!, predicted: m }))))}`;
  });
  report.push(
    `fit orchestrator (overheads.orchestrator): ${MLE_METHOD}; per request (client duration - stage handler total) / stage calls through the gateway, less the state.json round trip (${STATE_ROUND_TRIP.get + STATE_ROUND_TRIP.put} s), from requests alone in their file that reached all ${PIPELINE_STAGES.length} stages and are not in the experiments to predict: ` +
    `${samples.map((s) => `${runName(s.r)} ${r3(s.x!)} s over ${gatewayCalls(s.r)} calls`).join(', ')}; ${describeFit(fit)}. ` +
    `Held out, against the median, the predicted experiments' ok requests of one attempt (their concurrent requests share the orchestrator, which this check does not model): ${byLabel.join('; ') || 'none'}.`,
  );
  return fit;
}

function assumed(dist: Fit['dist']): Fit {
  return { dist, family: dist.type, n: 0, warning: 'assumed, not measured: see measured.notes' };
}

/** The latest Unix timestamp in the result file names (results_..._<unix>.json), as a date. */
function measuredDate(invocations: readonly Invocation[]): string {
  const stamps = invocations.map((i) => Number(/_(\d{10})\.json$/.exec(i.file)?.[1] ?? NaN)).filter(Number.isFinite);
  if (stamps.length === 0) return '2025-12-01';
  return new Date(Math.max(...stamps) * 1000).toISOString().slice(0, 10);
}

/**
 * Fan-out from the clip and frame indices of every call (contention does not change it):
 * clips per video = distinct clip indices of a request; frames per clip = object-detector
 * calls with a frame index for that clip.
 */
function fanout(invocations: readonly Invocation[], fitOpts: { maxSamples: number }, notes: string[]): CalibrationProfile['fanout'] {
  const byRequest = new Map<string, Invocation[]>();
  for (const c of invocations) byRequest.set(c.request, [...(byRequest.get(c.request) ?? []), c]);
  const clipsPerVideo: number[] = [];
  const framesPerClip: number[] = [];
  let stopped = 0;
  for (const list of byRequest.values()) {
    const clips = new Set(list.filter((c) => c.clip !== undefined).map((c) => c.clip!));
    if (clips.size === 0) {
      stopped++;
      continue;
    }
    clipsPerVideo.push(clips.size);
    for (const clip of clips) {
      framesPerClip.push(new Set(list.filter((c) => c.stage === 'object-detector' && c.clip === clip && c.frame !== undefined).map((c) => c.frame)).size);
    }
  }
  notes.push(
    `fanout: from ${clipsPerVideo.length} requests that reached the per-clip stages; ${stopped} early E0 request(s) ended after ffmpeg-1 ` +
    '(whether no speech was found or the pipeline was not yet wired cannot be told), so they are left out of clipsPerVideo.',
  );
  return { clipsPerVideo: fitWithZeros(clipsPerVideo, fitOpts), framesPerClip: fitWithZeros(framesPerClip, fitOpts) };
}

/** The warm and first-call lines of the report, with the old pooled fit for comparison. */
function stageReport(s: StageFits, inSubset: number, scored: number): string[] {
  return [
    `fit warm ${s.name}: ${MLE_METHOD}; alone non-first calls: ${describeFit(s.warm)}; sample median ${r3(s.medians.warm)} s (the old importer's fit pooled the non-first calls outside the burst, whatever else ran: ${describeFit(s.pooled)}); held out: the ${inSubset + scored} overlapped calls, ${inSubset} to fit contention, ${scored} scored.`,
    `fit firstCall ${s.name}: ${ZEROS_METHOD}; penalties of ${s.aloneFirst.length} alone first calls (${s.aloneFirst.map((c) => `${runName(c)} ${r3(c.seconds)} s`).join(', ') || 'none'}): ${describeFit(s.firstCall)}; median penalty ${r3(s.medians.firstCall)} s.`,
  ];
}
