// When is the machine too busy to calibrate on? A calibration measures the stages' service
// times; whatever else the machine does at the time goes into them and into the profile.
//
// Before the run (judgeIdle, on the pre-check's samples, with nothing of ours running yet):
// - load1 > 0.75 × cores: others' work keeps three quarters of the cores busy on average
//   over the last minute. An idle machine sits near 0; at 0.75 × cores a call finds a core
//   taken a good part of the time, which on 2 cores is the 10–20% slowdown the drift probe
//   is meant to measure, not to suffer.
// - steal mean > 5%: the hypervisor gives 1 tick in 20 to other guests: every call is that
//   much slower, and steal comes in bursts, so the spread grows more than the mean.
// - probe median > 1.25 × the fastest probe: the fixed work usually varies by a few percent
//   (3.30 ms fastest, 3.46 ms median on the quiet VM: 5%); a median 25% above the best means
//   the probe was being held off a core for much of the pre-check.
// During the run (judgeDuringRun) only steal counts: our own calls load the cores by design
// (8 calls at once in the contention step), so load and the probe's time cannot tell others'
// work from ours, while steal is by definition someone else's.
import type { MachineSample } from '../../live/machine/recorder.ts';
import { median } from '../profile/stats.ts';

export const THRESHOLDS = { loadPerCore: 0.75, steal: 0.05, probeOverBest: 1.25 } as const;

export interface Verdict {
  busy: boolean;
  /** What was seen, one phrase per reason (empty when not busy). */
  reasons: string[];
}

/** A busyness judgement of some samples on a machine of `cores` cores (injectable: tests give their own). */
export type Judge = (samples: MachineSample[], cores: number) => Verdict;

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function stealReason(samples: MachineSample[]): string[] {
  const steal = samples.map((s) => s.steal).filter((x): x is number => x !== null);
  if (steal.length === 0) return [];
  const m = mean(steal);
  return m > THRESHOLDS.steal ? [`steal ${pct(m)} of CPU time (over ${pct(THRESHOLDS.steal)})`] : [];
}

export const judgeIdle: Judge = (samples, cores) => {
  if (samples.length === 0) return { busy: false, reasons: [] };
  const reasons: string[] = [];
  const load = samples.at(-1)!.load1; // a one-minute average already: its latest value
  if (load > THRESHOLDS.loadPerCore * cores) reasons.push(`load average ${load.toFixed(2)} on ${cores} cores (over ${THRESHOLDS.loadPerCore} × cores = ${(THRESHOLDS.loadPerCore * cores).toFixed(2)})`);
  reasons.push(...stealReason(samples));
  const probes = samples.map((s) => s.probe);
  const best = Math.min(...probes);
  const mid = median(probes);
  if (mid > THRESHOLDS.probeOverBest * best) {
    reasons.push(`the probe's fixed work took ${(mid * 1000).toFixed(2)} ms at the median, ${(mid / best).toFixed(2)}× its fastest ${(best * 1000).toFixed(2)} ms (over ${THRESHOLDS.probeOverBest}×)`);
  }
  return { busy: reasons.length > 0, reasons };
};

export const judgeDuringRun: Judge = (samples) => {
  const reasons = stealReason(samples);
  return { busy: reasons.length > 0, reasons };
};
