// The machine's conditions over a calibration, as the profile records them (`conditions`).
import type { MachineConditions } from '../../sim/profile/types.ts';
import type { MachineSample } from '../../live/machine/recorder.ts';
import { median } from '../profile/stats.ts';

/** The q-quantile by the nearest-rank method (a value that was observed). */
function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const round = (x: number, digits: number) => Number(x.toFixed(digits));

export interface ConditionsInput {
  /** The pre-check's samples (the busy check; the baseline only when the run has none). */
  precheck: MachineSample[];
  /** The samples after the pre-check, while calls were measured. */
  run: MachineSample[];
  busy: boolean;
  forced: boolean;
  episodes: MachineConditions['episodes'];
}

/**
 * Probe percentiles, load and steal over the run's samples (the pre-check's when the run has
 * none: stopped at once); undefined when there is no sample at all.
 */
export function machineConditions(o: ConditionsInput): MachineConditions | undefined {
  const samples = o.run.length > 0 ? o.run : o.precheck;
  if (samples.length === 0) return undefined;
  const probes = samples.map((s) => s.probe).sort((a, b) => a - b);
  const loads = samples.map((s) => s.load1);
  const steal = samples.map((s) => s.steal).filter((x): x is number => x !== null);
  // The machine as calibrated is the machine over the calls measured: the run's median probe.
  // Validation round 4 took the pre-check's instead; forced on a busy machine, that came out
  // 26% above the run's, and every speed trace built on it read the live runs as faster than
  // calibrated (docs/validation.md, round 4). The pre-check's serves only a run with no samples.
  const baseline = median(samples.map((s) => s.probe));
  return {
    probe: { baseline: round(baseline, 6), p50: round(quantile(probes, 0.5), 6), p95: round(quantile(probes, 0.95), 6), max: round(probes.at(-1)!, 6) },
    load1: { mean: round(mean(loads), 3), max: round(Math.max(...loads), 3) },
    steal: steal.length > 0 ? { mean: round(mean(steal), 4), max: round(Math.max(...steal), 4) } : null,
    samples: samples.length,
    busy: o.busy,
    forced: o.forced,
    ...(o.episodes && o.episodes.length > 0 ? { episodes: o.episodes } : {}),
  };
}
