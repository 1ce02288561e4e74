// How long the plan should take: expected seconds of every unit the progress bar counts, so
// the command can state the duration up front and the ETA can start from the plan rather
// than from the first few calls (eta.ts).
//
// Per-call times are the warm medians of profiles/embedded-2core.json (measured on the
// 2-core VM, 2026-12-07, the object-detector reading the text in its boxes) plus the gateway
// and client's ~0.02 s; the step shapes are those of steps.ts, neighbour.ts and drift-probe.ts. Another machine will differ: the ETA learns its
// rate as calls finish.
import { driftTurns, type Plan, planUnits } from './plan.ts';

/** Warm seconds per call on the embedded platform, 2 cores (profiles/embedded-2core.json). */
const WARM: Record<string, number> = {
  'ffmpeg-0': 0.055, librosa: 0.036, 'ffmpeg-1': 0.402, 'ffmpeg-2': 0.1, deepspeech: 0.786, 'ffmpeg-3': 0.061, 'object-detector': 0.209,
};
/** The same profile's init + first-call penalty, seconds. */
const FIRST: Record<string, number> = {
  'ffmpeg-0': 0.04, librosa: 0.02, 'ffmpeg-1': 0, 'ffmpeg-2': 0.03, deepspeech: 0.44, 'ffmpeg-3': 0.03, 'object-detector': 0.55,
};
/** Calls one replica serves at once when fewer than the cores (deepspeech's one decoder). */
const WORKERS: Record<string, number> = { deepspeech: 1 };
const PER_CALL = 0.02;
/** A cold call: scale to zero and wait until gone, the gateway's cache wait (1 s), container start (~1.05 s). */
const COLD_SETUP = 2.5;
/** One neighbour pair: two calls, the second beside an encode (~1.2× slower), signals between. */
const PAIR_FACTOR = 2.2;
const PAIR_EXTRA = 0.2;

/** The kind of unit a progress label names: `<stage> warm`, `<stage> contention 4`, `s3 1000 B`, ... */
export function expectedUnitSeconds(plan: Plan, label: string, cores: number): number {
  if (label.endsWith('(skipped)')) return 0;
  const s3 = /^s3 (\d+) B$/.exec(label);
  if (s3) return 0.01 + Number(s3[1]) / 100e6; // a PUT or GET to the local S3 server: ~100 MB/s
  const [stage = '', ...rest] = label.split(' ');
  const step = rest.join(' ');
  const warm = (WARM[stage] ?? 0.3) + PER_CALL;
  if (step === 'warm') return warm + plan.warmGap / plan.stages.length; // a gap follows each turn of all stages
  if (step === 'drift probe') return plan.driftPeriod / plan.stages.length; // a turn of all stages every period
  if (step === 'cold') return COLD_SETUP + (FIRST[stage] ?? 0.3) + warm;
  if (step === 'interference') return PAIR_FACTOR * warm + PAIR_EXTRA;
  const level = /^contention (\d+)$/.exec(step);
  // A round of c calls at once takes c × warm / (calls it serves together), ticked once per call.
  if (level) return warm / Math.min(Number(level[1]), WORKERS[stage] ?? cores);
  return warm;
}

/** Every unit of the plan, in the order the run ticks them (warm turns, drift turns, then per stage contention, interference, cold; S3). */
export function planLabels(plan: Plan): string[] {
  const labels: string[] = [];
  for (let i = 0; i < plan.warm; i++) labels.push(...plan.stages.map((s) => `${s} warm`));
  for (let i = 0; i < driftTurns(plan); i++) labels.push(...plan.stages.map((s) => `${s} drift probe`));
  for (const s of plan.stages) {
    if (plan.contentionCalls > 0) for (const c of plan.concurrency) for (let i = 0; i < Math.ceil(plan.contentionCalls / c) * c; i++) labels.push(`${s} contention ${c}`);
    for (let i = 0; i < plan.neighbour; i++) labels.push(`${s} interference`);
    for (let i = 0; i < plan.cold; i++) labels.push(`${s} cold`);
  }
  for (const b of plan.s3Sizes) for (let i = 0; i < 2 * plan.s3Reps; i++) labels.push(`s3 ${b} B`);
  return labels;
}

/** Seconds the whole plan should take on the measured machine (platform start and inputs excluded). */
export function expectedPlanSeconds(plan: Plan, cores: number): number {
  const labels = planLabels(plan);
  if (labels.length !== planUnits(plan)) throw new Error(`planLabels: ${labels.length} labels for ${planUnits(plan)} units`); // the two must agree
  return labels.reduce((sum, l) => sum + expectedUnitSeconds(plan, l, cores), 0);
}
