// The work dir's raw records → Measurements (what the profile builder fits). Derived
// samples are computed here, each from the records of the same step:
//   gateway overhead  = client latency − X-Duration-Seconds, warm calls; where the gateway
//                       sends no X-Duration-Seconds (the real one does not: of-watchdog's
//                       header is not passed on), client latency − the stage's telemetry
//                       durationSeconds (a little high: it holds the function's HTTP framing);
//   container start   = cold client latency − X-Duration-Seconds − median gateway overhead − process init.
import { emptyMeasurements, emptyStage, type Measurements } from '../profile/measurements.ts';
import { median } from '../profile/stats.ts';
import type { StageInputs } from './inputs.ts';
import type { Plan } from './plan.ts';
import type { NeighbourRecord } from './neighbour.ts';
import type { DriftRecord } from './drift-probe.ts';
import type { ColdRecord, ContentionRecord, S3Record, WarmRecord } from './steps.ts';
import type { WorkDir } from './work-dir.ts';

export function collect(work: WorkDir, plan: Plan, inputs: StageInputs | undefined): Measurements {
  const m = emptyMeasurements();
  const overhead: number[] = [];
  let noTiming = 0;
  for (const stage of plan.stages) {
    for (const w of work.records<WarmRecord>(`${stage}.warm`)) {
      if (w.xDuration !== null) overhead.push(Math.max(0, w.latency - w.xDuration));
      else if (w.cpu !== undefined) overhead.push(Math.max(0, w.latency - w.duration));
      else noTiming++;
    }
  }
  m.gateway = overhead;
  m.gatewayUnmeasured = noTiming;
  const gw = overhead.length ? median(overhead) : 0;
  for (const stage of plan.stages) {
    const s = emptyStage();
    const warm = work.records<WarmRecord>(`${stage}.warm`);
    if (warm.length > 0 && warm.every((w) => w.at !== undefined)) s.warmAt = warm.map((w) => w.at!);
    for (const w of warm) {
      s.warm.push(w.duration);
      // CPU and RSS come from telemetry (a --function without it has none): a function's calls either all have it or none.
      if (w.cpu !== undefined) s.cpu.push(w.cpu);
      if (w.rss !== undefined) s.rssMB.push(w.rss);
      if (w.platformCpu !== undefined && w.cpu !== undefined) (s.platformCpu ??= []).push(w.platformCpu);
    }
    const drift = work.records<DriftRecord>(`${stage}.drift`);
    if (drift.length > 0) {
      s.drift = drift.map((d) => d.duration);
      s.driftAt = drift.map((d) => d.at);
    }
    for (const c of work.records<ColdRecord>(`${stage}.cold`)) {
      s.firstCall.push(c.duration);
      // Without telemetry process init cannot be told apart: containerStart then includes it.
      if (c.init !== undefined) s.init.push(c.init);
      const hold = c.latency - (c.xDuration ?? c.duration) - gw;
      s.containerStart.push(Math.max(0, hold - (c.init ?? 0)));
    }
    for (const level of plan.concurrency) {
      const recs = work.records<ContentionRecord>(`${stage}.contention.${level}`);
      if (recs.length === 0) continue;
      // contentionStep appends each round's calls together, in the order sent.
      const rounds: number[][] = [];
      for (let i = 0; i + level <= recs.length; i += level) {
        const round = recs.slice(i, i + level);
        if (round.every((r) => r.duration !== null && r.duration > 0)) rounds.push(round.map((r) => r.duration!));
      }
      s.contention.push({
        concurrency: level,
        latencies: recs.filter((r) => r.duration !== null && r.duration > 0).map((r) => r.duration!),
        rejected: recs.filter((r) => r.status !== 200).length,
        rounds,
      });
    }
    const pairs = work.records<NeighbourRecord>(`${stage}.neighbour`).filter((r) => r.alone > 0 && r.busy > 0);
    if (pairs.length > 0) s.neighbour = { alone: pairs.map((r) => r.alone), busy: pairs.map((r) => r.busy), neighbours: pairs[0]!.neighbours };
    if (inputs) s.inputCycle = Math.max(1, inputs.variants?.[stage]?.length ?? 1);
    if (s.warm.length || s.firstCall.length) m.stages[stage] = s;
  }
  if (inputs) {
    m.clipsPerVideo = inputs.clipsPerVideo;
    m.framesPerClip = inputs.framesPerClip;
  }
  // The simulator's s3Get/s3Put are state.json reads and writes: the smallest size measured.
  const smallest = Math.min(...plan.s3Sizes);
  for (const r of work.records<S3Record>(`s3.${smallest}`)) {
    (r.op === 'get' ? m.s3Get : m.s3Put).push(r.seconds);
    (r.op === 'get' ? m.s3GetBytes : m.s3PutBytes).push(r.bytes);
  }
  return m;
}

/** Median S3 latency by operation and size, for the notes and the summary. */
export function s3BySize(work: WorkDir, plan: Plan): { bytes: number; put: number; get: number; n: number }[] {
  return plan.s3Sizes.map((bytes) => {
    const recs = work.records<S3Record>(`s3.${bytes}`);
    return {
      bytes,
      put: median(recs.filter((r) => r.op === 'put').map((r) => r.seconds)),
      get: median(recs.filter((r) => r.op === 'get').map((r) => r.seconds)),
      n: recs.length,
    };
  });
}
