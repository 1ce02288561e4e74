// Raw samples → a fave.calibration/v1 profile: every sample set fitted (MLE, AIC choice, KS,
// raw samples kept), derived quantities computed the way the simulator reads them, and
// every gap named in measured.notes instead of guessed silently.
import { CALIBRATION_FORMAT, type CalibrationProfile, type Fit, type StageProfile } from '../../sim/profile/types.ts';
import { fitSamples } from '../fit/fit-samples.ts';
import { fitWithZeros } from '../fit/fit-with-zeros.ts';
import { CONTAINER_START, lognormalAt } from '../import/fave-assumptions.ts';
import type { Measurements, StageSamples } from './measurements.ts';
import { median } from './stats.ts';

export interface BuildOptions {
  measured: CalibrationProfile['measured'];
  cores: number;
  memoryMB?: number;
  /** Raw samples kept per fit (default 500). */
  maxSamples?: number;
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
  over(m.s3Get, 's3Get');
  over(m.s3Put, 's3Put');
  if (m.s3Get.length > 0) notes.push(`s3Get: ${m.s3Get.length} GETs of ${[...new Set(m.s3GetBytes)].join(', ')} bytes (size in the plan).`);
  if (m.s3Put.length > 0) notes.push(`s3Put: ${m.s3Put.length} PUTs of ${[...new Set(m.s3PutBytes)].join(', ')} bytes.`);
  return {
    format: CALIBRATION_FORMAT,
    measured: { ...o.measured, notes },
    node: { cores: o.cores, ...(o.memoryMB ? { memoryMB: o.memoryMB } : {}) },
    stages,
    fanout: { clipsPerVideo: count(m.clipsPerVideo, 'clipsPerVideo'), framesPerClip: count(m.framesPerClip, 'framesPerClip') },
    ...(Object.keys(overheads).length ? { overheads } : {}),
  };
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
  if (s.cpu.length > 0) stage.cpu = fitWithZeros(s.cpu.map((x) => Math.max(0, x)), fitOpts);
  // The simulator shares cores among busy calls itself (processor sharing, cpuFraction =
  // cpu/warm); the curve keeps only the slowdown beyond that, so nothing is counted twice.
  const cpuFraction = s.cpu.length > 0 ? Math.min(1, median(s.cpu) / warmMedian) : 1;
  const levels = s.contention.filter((l) => l.latencies.length > 0).sort((a, b) => a.concurrency - b.concurrency);
  if (levels.length > 0) {
    const base = levels.find((l) => l.concurrency === 1) ? median(levels.find((l) => l.concurrency === 1)!.latencies) : warmMedian;
    stage.contention = levels.map((l) => {
      const sharing = Math.max(1, (l.concurrency * cpuFraction) / cores);
      return { concurrency: l.concurrency, slowdown: round(Math.max(1e-3, median(l.latencies) / base / sharing)) };
    });
    const rejected = s.contention.filter((l) => l.rejected > 0).map((l) => `${l.rejected} at ${l.concurrency}`);
    notes.push(
      `${name}: contention = median service time at c concurrent calls / at 1, divided by the processor-sharing slowdown max(1, c × cpuFraction ${round(cpuFraction, 2)} / ${cores} cores) the simulator applies itself` +
      `${rejected.length ? `; calls refused (429 or error): ${rejected.join(', ')}` : ''}.`,
    );
  }
  if (s.rssMB.length > 0) stage.memoryMB = { base: round(median(s.rssMB), 1), perRequest: 0 };
  notes.push(
    `${name}: warm median ${round(warmMedian)} s over ${warmSamples.length} calls; first calls ${s.firstCall.length}, containerStart ${s.containerStart.length}, init ${s.init.length}, cpu ${s.cpu.length} samples` +
    `${s.rssMB.length ? `; memoryMB.base = median RSS after warm calls, perRequest not measured (0)` : ''}.`,
  );
  return stage;
}
