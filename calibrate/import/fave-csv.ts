// Builds a fave.calibration/v1 profile from the original FAVE's per-stage invocations
// (data/fave/stage_invocations.csv; data/README.md gives its source and the caveats used here).
import { CALIBRATION_FORMAT, type CalibrationProfile, type Fit, type StageProfile } from '../../sim/profile/types.ts';
import { fitSamples } from '../fit/fit-samples.ts';
import { fitWithZeros } from '../fit/fit-with-zeros.ts';
import { CsvError, type CsvTable } from '../../sim/trace/csv.ts';
import { PIPELINE_STAGES, parseInvocations, type Invocation } from './fave-invocations.ts';
import {
  CONTAINER_START, CONTAINER_START_NOTE, NODE, NODE_NOTE, STAGE_ASSUMPTIONS, lognormalAt,
} from './fave-assumptions.ts';

export { PIPELINE_STAGES, parseInvocations, type Invocation } from './fave-invocations.ts';

export interface FaveImportOptions {
  /** Raw samples kept per fit (default 500). */
  maxSamples?: number;
}

const median = (xs: readonly number[]): number => {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length / 2;
  return s.length % 2 ? s[Math.floor(m)]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (x: number, digits = 2): number => Number(x.toFixed(digits));

export function buildFaveProfile(table: CsvTable, opts: FaveImportOptions = {}): CalibrationProfile {
  const fitOpts = { maxSamples: opts.maxSamples ?? 500 };
  const all = parseInvocations(table);
  const zero = all.filter((i) => i.seconds === 0);
  const burst = all.filter((i) => i.concurrency > 1);
  const calls = all.filter((i) => i.seconds > 0 && i.concurrency === 1);
  const notes: string[] = [
    `source: ${all.length} stage calls from ${new Set(all.map((i) => i.request)).size} successful requests, eras ${[...new Set(all.map((i) => i.era))].sort().join(', ')}; eras pooled (too few calls per era to fit separately).`,
    "warm: calls with cold_start=False; cold_start marks the first completed call in a function process, not a container start (CSV README), so it feeds firstCall only.",
    'warm and firstCall durations are download + compute + upload inside the handler (no container start, imports or HTTP).',
    `excluded from fits: ${burst.length} calls from requests run ${Math.max(1, ...burst.map((i) => i.concurrency))} at a time (cold-burst), as their durations include contention; and ${zero.length} call(s) of 0 ms (no work done: lines ${zero.map((i) => i.line).join(', ') || 'none'}).`,
    'firstCall: (first-call duration - warm median of the stage) clipped at >= 0; an atom at 0 when clipped, a constant at the median when fewer than 3 penalties are positive.',
    CONTAINER_START_NOTE,
    NODE_NOTE,
    'cpu: not measured (no CPU time in the CSV): stages are treated as CPU-bound (cpu = warm).',
    'contention: not set; the only concurrent runs (cold-burst, 5 requests) were also cold, so their slowdown mixes start-up and sharing.',
    'memory_limit_mb in the CSV is a code fallback (no real limit was set), so memoryMB comes from the assumptions below.',
  ];

  const stages: Record<string, StageProfile> = {};
  let warmTotal = 0;
  let coldTotal = 0;
  for (const name of PIPELINE_STAGES) {
    const mine = calls.filter((i) => i.stage === name);
    const warmSamples = mine.filter((i) => !i.firstCall).map((i) => i.seconds);
    if (warmSamples.length === 0) throw new CsvError(table.file, 1, `no warm calls of stage-${name} to fit`);
    const warmMedian = median(warmSamples);
    const penalties = mine.filter((i) => i.firstCall).map((i) => Math.max(0, i.seconds - warmMedian));
    const a = STAGE_ASSUMPTIONS[name]!;
    const firstCall: Fit = penalties.length > 0
      ? fitWithZeros(penalties, fitOpts)
      : { dist: { type: 'constant', value: 0 }, family: 'constant', n: 0, warning: 'no first-call samples: assumed 0' };
    stages[name] = {
      warm: fitSamples(warmSamples, fitOpts),
      containerStart: assumed(lognormalAt(CONTAINER_START.median, CONTAINER_START.sigma)),
      init: assumed(lognormalAt(a.init.median, a.init.sigma)),
      firstCall,
      memoryMB: { base: a.memoryMB.base, perRequest: a.memoryMB.perRequest },
    };
    const penaltyMedian = penalties.length > 0 ? median(penalties) : 0;
    warmTotal += warmMedian;
    coldTotal += CONTAINER_START.median + a.init.median + penaltyMedian + warmMedian;
    notes.push(
      `${name}: warm median ${round(warmMedian)} s over ${warmSamples.length} calls; first-call penalty median ${round(penaltyMedian)} s over ${penalties.length}; ` +
      `init (assumed) lognormal median ${a.init.median} s: ${a.init.why}; memoryMB (assumed) ${a.memoryMB.base} + ${a.memoryMB.perRequest}/request: ${a.memoryMB.why}.`,
    );
  }
  notes.push(
    `consistency: one video (1 clip, 1 frame) costs ~${round(warmTotal, 1)} s of stage time warm and ~${round(coldTotal, 1)} s when every stage starts cold ` +
    '(medians of containerStart + init + firstCall + warm, stages in sequence, before readiness-probe steps), ' +
    'matching the original FAVE report of end-to-end cold starts over 15 s, dominated by heavy library init and first calls (librosa).',
  );

  return {
    format: CALIBRATION_FORMAT,
    measured: {
      source: 'fave-csv',
      target: table.file,
      host: 'original FAVE: OpenFaaS on a single-node Docker Desktop Kubernetes (Python stages)',
      date: measuredDate(all.map((i) => i.request)),
      plan: { rows: all.length, fitted: calls.length, eras: [...new Set(all.map((i) => i.era))].sort() },
      notes,
    },
    node: { cores: NODE.cores, memoryMB: NODE.memoryMB },
    stages,
    fanout: fanout(calls, fitOpts, notes),
  };
}

function assumed(dist: Fit['dist']): Fit {
  return { dist, family: dist.type, n: 0, warning: 'assumed, not measured: see measured.notes' };
}

/** The latest Unix timestamp in the result file names (results_..._<unix>.json), as a date. */
function measuredDate(requests: string[]): string {
  const stamps = requests.map((r) => Number(/_(\d{10})\.json#/.exec(r)?.[1] ?? NaN)).filter(Number.isFinite);
  if (stamps.length === 0) return '2025-12-01';
  return new Date(Math.max(...stamps) * 1000).toISOString().slice(0, 10);
}

/**
 * Fan-out from the clip and frame indices: clips per video = distinct clip indices of a
 * request; frames per clip = object-detector calls with a frame index for that clip.
 */
function fanout(calls: Invocation[], fitOpts: { maxSamples: number }, notes: string[]): CalibrationProfile['fanout'] {
  const byRequest = new Map<string, Invocation[]>();
  for (const c of calls) {
    let list = byRequest.get(c.request);
    if (!list) byRequest.set(c.request, (list = []));
    list.push(c);
  }
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
