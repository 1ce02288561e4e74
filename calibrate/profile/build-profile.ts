// Raw samples → a fave.calibration/v1 profile: every sample set fitted (MLE, AIC choice, KS,
// raw samples kept), derived quantities computed the way the simulator reads them, and
// every gap named in measured.notes instead of guessed silently.
import { CALIBRATION_FORMAT, type CalibrationProfile, type Fit, type StageProfile } from '../../sim/profile/types.ts';
import { fitSamples } from '../fit/fit-samples.ts';
import { fitWithZeros } from '../fit/fit-with-zeros.ts';
import { CONTAINER_START, lognormalAt } from '../import/fave-assumptions.ts';
import type { Measurements, StageSamples } from './measurements.ts';
import { nodeSpeedOf } from './node-speed.ts';
import { median } from './stats.ts';

export interface BuildOptions {
  measured: CalibrationProfile['measured'];
  cores: number;
  memoryMB?: number;
  /** Raw samples kept per fit (default 500). */
  maxSamples?: number;
  /**
   * Whether the profile has VideoSearcher's `fanout` (default true: counted, or assumed 1 and
   * noted); false for a profile of other functions (--function), which have none.
   */
  fanout?: boolean;
}

const round = (x: number, d = 3) => Number(x.toFixed(d));

export function buildProfile(m: Measurements, o: BuildOptions): CalibrationProfile {
  const fitOpts = { maxSamples: o.maxSamples ?? 500 };
  const notes = [...(o.measured.notes ?? [])];
  const stages: Record<string, StageProfile> = {};
  for (const [name, s] of Object.entries(m.stages)) {
    const built = buildStage(name, s, o.cores, fitOpts, notes);
    if (built) stages[name] = built;
  }
  const count = (xs: number[], what: string): Fit => {
    if (xs.length > 0) return fitWithZeros(xs, fitOpts);
    notes.push(`fanout.${what}: not measured; assumed a constant 1.`);
    return { dist: { type: 'constant', value: 1 }, family: 'constant', n: 0, warning: 'assumed, not measured: see measured.notes' };
  };
  const overheads: NonNullable<CalibrationProfile['overheads']> = {};
  const over = (xs: number[], key: 'gateway' | 's3Get' | 's3Put') => {
    const pos = xs.filter((x) => x > 0);
    if (pos.length > 0) overheads[key] = fitSamples(pos, fitOpts);
  };
  over(m.gateway, 'gateway');
  if (m.gateway.length === 0 && (m.gatewayUnmeasured ?? 0) > 0) {
    notes.push(`gateway: overhead not measured: none of ${m.gatewayUnmeasured} warm calls carried X-Duration-Seconds or telemetry to subtract from the client's latency; the simulator adds none.`);
  }
  over(m.s3Get, 's3Get');
  over(m.s3Put, 's3Put');
  if (m.s3Get.length > 0) notes.push(`s3Get: ${m.s3Get.length} GETs of ${[...new Set(m.s3GetBytes)].join(', ')} bytes (size in the plan).`);
  if (m.s3Put.length > 0) notes.push(`s3Put: ${m.s3Put.length} PUTs of ${[...new Set(m.s3PutBytes)].join(', ')} bytes.`);
  const speed = nodeSpeedOf(m.stages);
  if (speed) {
    const bound = speed.tauBound === 'lower' ? ' (at least: no decay within the calls measured)' : speed.tauBound === 'upper' ? ' (at most: gone within a turn)' : '';
    notes.push(`node.speed: the machine's speed drifts. Over ${speed.turns} turns of ${speed.source === 'drift probe' ? 'drift-probe' : 'warm'} calls across ${speed.stages} stages (${round(speed.turnSeconds, 2)} s from turn to turn), the turns' mean log duration varies by a common factor with sd ${speed.sigma} beyond the stages' own noise, correlation time ${speed.tau} s${bound}. The simulator slows every call on a node by it; the warm fits still hold its share of each stage's spread.`);
  }
  return {
    format: CALIBRATION_FORMAT,
    measured: { ...o.measured, notes },
    node: { cores: o.cores, ...(o.memoryMB ? { memoryMB: o.memoryMB } : {}), ...(speed ? { speed: { sigma: speed.sigma, tau: speed.tau } } : {}) },
    stages,
    ...(o.fanout === false ? {} : { fanout: { clipsPerVideo: count(m.clipsPerVideo, 'clipsPerVideo'), framesPerClip: count(m.framesPerClip, 'framesPerClip') } }),
    ...(Object.keys(overheads).length ? { overheads } : {}),
  };
}

/**
 * How much longer c simultaneous calls of one replica take than one call alone, from CPU
 * sharing only: the simulator's progress rate (sim/model/node-state.ts) on an otherwise idle
 * node of `cores` with the replica capped at `cap` cores.
 */
export function sharingFactor(c: number, f: number, cores: number, cap: number): number {
  const demand = c * f;
  let share = 1;
  if (demand > cores) share = cores / demand;
  if (demand > cap) share = Math.min(share, cap / demand);
  const g = Math.min(f, 1);
  return 1 - g + g / share;
}

/**
 * How much slower a call runs beside CPU-bound neighbours than processor sharing alone
 * explains, as the simulator reads `interference`: with every other core busy, the CPU part
 * of the call is stretched by 1 + interference. From pairs of calls alone / beside
 * `neighbours` single-threaded processes: r = median of busy / alone; sharing gives
 * (1 − g) + g / share for demand f + neighbours on `cores` (and the replica's cap), so
 * interference = (r × alone − (1 − g)) × share / g − 1, where alone is the sharing of the call
 * by itself (1 unless it asks for more than the cores); at least 0. Null without pairs.
 */
export function replicaInterference(n: { alone: number[]; busy: number[]; neighbours: number } | undefined, f: number, cores: number, cap: number): { interference: number; ratio: number; sharing: number } | null {
  if (!n || n.alone.length === 0 || !(f > 0)) return null;
  const ratio = median(n.alone.map((a, i) => n.busy[i]! / a));
  const g = Math.min(f, 1);
  // Sharing alone and beside the neighbours (a call of more than `cores` is slowed alone too).
  const alone = sharingFactor(1, f, cores, cap);
  const demand = f + n.neighbours;
  let share = demand > cores ? cores / demand : 1;
  if (f > cap) share = Math.min(share, cap / f);
  const sharing = (1 - g + g / share) / alone;
  return { interference: round(Math.max(0, ((ratio * alone - (1 - g)) * share) / g - 1)), ratio, sharing };
}

/**
 * How many calls one replica works on at once, when it is clearly fewer than were sent: in a
 * round of c calls sent together, w workers end them in ceil(c / w) turns, so the first ends
 * at about w / c of the last's time, while processor sharing ends them all together. From
 * the highest level with rounds: w = round(c × median first/last); null when that is more
 * than half of c (sharing, or too close to tell).
 */
export function replicaWorkers(levels: readonly { concurrency: number; rounds?: number[][] }[]): { workers: number; concurrency: number; ratio: number } | null {
  const top = [...levels].filter((l) => l.concurrency >= 2 && l.rounds && l.rounds.length > 0).sort((a, b) => b.concurrency - a.concurrency)[0];
  if (!top) return null;
  const ratio = median(top.rounds!.map((r) => Math.min(...r) / Math.max(...r)));
  const estimate = top.concurrency * ratio;
  if (estimate > top.concurrency / 2) return null;
  return { workers: Math.max(1, Math.round(estimate)), concurrency: top.concurrency, ratio };
}

/** A replica's CPU cap below this share of the node's cores is recorded; above, the node bounds it anyway. */
const CAP_BELOW = 0.9;

/**
 * The most cores one replica used: over the rounds of c ≥ 2 calls sent together, c × CPU
 * seconds per call / the rounds' median duration, the largest over levels. Null without
 * rounds, or when it reaches the node's cores.
 */
export function replicaCpuLimit(levels: readonly { concurrency: number; rounds?: number[][] }[], cpuPerCall: number, cores: number): { cores: number; concurrency: number; makespan: number } | null {
  let best: { cores: number; concurrency: number; makespan: number } | null = null;
  for (const l of levels) {
    if (l.concurrency < 2 || !l.rounds || l.rounds.length === 0 || !(cpuPerCall > 0)) continue;
    const makespan = median(l.rounds.map((r) => Math.max(...r)));
    const used = (l.concurrency * cpuPerCall) / makespan;
    if (!best || used > best.cores) best = { cores: used, concurrency: l.concurrency, makespan };
  }
  if (!best || best.cores >= CAP_BELOW * cores) return null;
  return { ...best, cores: round(best.cores, 2) };
}

function buildStage(name: string, s: StageSamples, cores: number, fitOpts: { maxSamples: number }, notes: string[]): StageProfile | undefined {
  const warmSamples = s.warm.filter((x) => x > 0);
  if (warmSamples.length === 0) {
    notes.push(`${name}: no warm calls measured, left out of the profile.`);
    return undefined;
  }
  const warmMedian = median(warmSamples);
  const penalties = s.firstCall.map((d) => Math.max(0, d - warmMedian));
  const firstCall: Fit = penalties.length > 0
    ? fitWithZeros(penalties, fitOpts)
    : { dist: { type: 'constant', value: 0 }, family: 'constant', n: 0, warning: 'no first-call samples: assumed 0' };
  const containerStart: Fit = s.containerStart.length > 0
    ? fitWithZeros(s.containerStart.map((x) => Math.max(0, x)), fitOpts)
    : { dist: lognormalAt(CONTAINER_START.median, CONTAINER_START.sigma), family: 'lognormal', n: 0, warning: 'assumed, not measured: see measured.notes' };
  if (s.containerStart.length === 0) {
    notes.push(`${name}: containerStart not measured; assumed lognormal median ${CONTAINER_START.median} s (the FAVE import's assumption).`);
  }
  const stage: StageProfile = { warm: fitSamples(warmSamples, fitOpts), containerStart, firstCall };
  if (s.init.length > 0) stage.init = fitWithZeros(s.init.map((x) => Math.max(0, x)), fitOpts);
  // On the embedded platform the gateway, provider and S3 server share the stages' cores: the
  // CPU they spend on a call is node demand the call causes, so `cpu` (the simulator's
  // demand) includes it. The replica's own limits below use the stage's CPU alone.
  const platform = s.platformCpu ?? [];
  const paired = platform.length === s.cpu.length;
  const platformMedian = platform.length > 0 ? median(platform) : 0;
  const stageCpu = s.cpu.length > 0 ? median(s.cpu) : NaN;
  if (s.cpu.length > 0) stage.cpu = fitWithZeros(s.cpu.map((x, i) => Math.max(0, x) + (paired ? platform[i]! : platformMedian)), fitOpts);
  // The simulator shares cores among busy calls itself (processor sharing); the curve keeps
  // only the slowdown beyond that, so nothing is counted twice. cpuFraction is what it reads:
  // cores a call keeps busy alone (cpu / warm, the platform's share included; above 1 for
  // threaded stages: x264, onnxruntime).
  const cpuFraction = s.cpu.length > 0 ? (stageCpu + platformMedian) / warmMedian : 1;
  // A level whose calls were partly refused (429 past max_inflight, or errors) and never all
  // served together measured fewer calls at once than it says: its survivors ran faster than
  // c calls would, so it is left out rather than fitted as "faster under load".
  const partial = s.contention.filter((l) => l.rejected > 0 && !(l.rounds && l.rounds.length > 0));
  const levels = s.contention
    .filter((l) => l.latencies.length > 0 && !partial.includes(l))
    .sort((a, b) => a.concurrency - b.concurrency);
  if (partial.length > 0) {
    notes.push(`${name}: contention at ${partial.map((l) => `${l.concurrency} (${l.rejected} of ${l.rejected + l.latencies.length} calls refused)`).join(', ')} not fitted: no round had every call served, so those calls did not run that many at once.`);
  }
  let cpuLimit = s.cpu.length > 0 ? replicaCpuLimit(levels, stageCpu, cores) : null;
  if (cpuLimit !== null && cpuLimit.cores < cpuFraction) {
    // A lone warm call kept cpuFraction cores busy, uncapped: a cap below that would make the
    // simulator slow the very calls it was measured from. Calls sent together can use fewer
    // cores in all than one alone (they slow each other beyond sharing: the contention curve's
    // business), so the cap is never below a lone call's demand.
    const lone = round(cpuFraction, 2);
    notes.push(`${name}: ${cpuLimit.concurrency} calls sent together used ${cpuLimit.cores} cores in all, fewer than one call alone (${lone}); the cap is raised to that${lone >= CAP_BELOW * cores ? ', which the node bounds anyway: no cap' : ''}.`);
    cpuLimit = lone >= CAP_BELOW * cores ? null : { ...cpuLimit, cores: lone };
  }
  if (cpuLimit !== null) {
    stage.cpuLimit = cpuLimit.cores;
    notes.push(`${name}: cpuLimit ${cpuLimit.cores} cores = the most one replica used: ${cpuLimit.concurrency} calls sent together × ${round(stageCpu)} CPU s each (warm median) over the rounds' median duration ${round(cpuLimit.makespan)} s, or one call alone if more; below the node's ${cores} cores, so the simulator caps the replica there.`);
  }
  const workers = replicaWorkers(levels);
  if (workers !== null) {
    stage.workers = workers.workers;
    notes.push(`${name}: workers ${workers.workers}: ${workers.concurrency} calls sent together ended one after another (the first at ${round(100 * workers.ratio)}% of the last's time, median over rounds), so one replica serves ${workers.workers} at a time and the rest wait inside it.`);
  }
  const interference = replicaInterference(s.neighbour, cpuFraction, cores, cpuLimit?.cores ?? Infinity);
  if (interference !== null) {
    stage.interference = interference.interference;
    notes.push(`${name}: interference ${interference.interference}: beside ${s.neighbour!.neighbours} single-threaded x264 encode(s) a call took ${round(interference.ratio)}× as long as alone (median of ${s.neighbour!.alone.length} pairs), where processor sharing alone gives ${round(interference.sharing)}×; the rest is the slowdown of its CPU-bound part while the other cores are busy.`);
  }
  if (levels.length > 0) {
    const base = levels.find((l) => l.concurrency === 1) ? median(levels.find((l) => l.concurrency === 1)!.latencies) : warmMedian;
    const cap = cpuLimit?.cores ?? Infinity;
    const w = workers?.workers ?? Infinity;
    stage.contention = levels.map((l) => {
      // Rounds of calls sent together end when their last call does; processor sharing ends
      // them all together, so the round's duration is what the simulator must reproduce
      // (a replica that serves calls one by one spreads them, and the median would halve it).
      const observed = l.rounds && l.rounds.length > 0 ? median(l.rounds.map((r) => Math.max(...r))) : median(l.latencies);
      // c calls on w workers: ceil(c / w) turns, each shared by up to w calls.
      const turns = Number.isFinite(w) ? Math.ceil(l.concurrency / w) : 1;
      const sharing = turns * sharingFactor(Math.min(l.concurrency, w), cpuFraction, cores, cap);
      return { concurrency: l.concurrency, slowdown: round(Math.max(1e-3, observed / base / sharing)) };
    });
    const rejected = s.contention.filter((l) => l.rejected > 0).map((l) => `${l.rejected} at ${l.concurrency}`);
    notes.push(
      `${name}: contention = service time at c concurrent calls (a round's duration when the calls were sent together, else the median) / at 1, divided by the processor-sharing factor the simulator applies itself (${Number.isFinite(w) ? `ceil(c / ${w} workers) turns × ` : ''}(1 − g) + g / share, g = min(1, cpuFraction ${round(cpuFraction, 2)}), share capped by ${cores} cores${Number.isFinite(cap) ? ` and cpuLimit ${cap}` : ''})` +
      `${rejected.length ? `; calls refused (429 or error): ${rejected.join(', ')}` : ''}.`,
    );
  }
  if (platform.length > 0) {
    notes.push(`${name}: cpu includes ${round(platformMedian)} CPU s per call (median of ${platform.length}, ${round((100 * platformMedian) / Math.max(1e-9, stageCpu), 0)}% of the stage's own) that the embedded platform (gateway, provider, S3 server and the calibrating client, one process) spent on it, because it shares the stages' cores; for a cluster where they run on other nodes, subtract it.`);
  }
  if (s.rssMB.length > 0) stage.memoryMB = { base: round(median(s.rssMB), 1), perRequest: 0 };
  notes.push(
    `${name}: warm median ${round(warmMedian)} s over ${warmSamples.length} calls; first calls ${s.firstCall.length}, containerStart ${s.containerStart.length}, init ${s.init.length}, cpu ${s.cpu.length} samples` +
    `${s.rssMB.length ? `; memoryMB.base = median RSS after warm calls, perRequest not measured (0)` : ''}.`,
  );
  return stage;
}
