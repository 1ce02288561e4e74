// The noise floor: how far a live rerun of the same scenario lands from a live run, for each
// distance (distances.ts), as the upper 95% point of a seeded bootstrap. A simulated
// replication that lands no farther from the live run than that is indistinguishable from
// a rerun (score.ts). Two cases:
//   several repeats (run dirs of one scenario): each draw takes an ordered pair of distinct
//     repeats (i, j), cycling through all pairs, keeps run i as it is and resamples run j
//     with replacement at its own size: run j's samples stand for "a rerun", drawn as a
//     simulated replication is, and measured against run i as the replication is. This
//     carries the machine's drift between the repeats. It also counts run j's own sampling
//     noise twice (once in the run, once in the resample), so it errs wide.
//   one run: each draw splits a seeded permutation of the run into halves (no value used
//     twice, so no ties that would shrink KS) and measures one half against the other. Two
//     halves of n/2 are noisier than two samples of n: every distance here shrinks as
//     √(1/n₁ + 1/n₂) (the KS statistic's scaling, and the CLT's for percentiles and W1), so
//     each is scaled by √(2/n) / √(1/h₁ + 1/h₂) to stand for two samples of n. It sees only
//     sampling noise within the run, not the drift between reruns: a narrower floor.
// The unit drawn is the request, not the call: one request's calls to a function (a clip's
// frames through object-detector, its clips through deepspeech) ran in the same minute of a
// drifting machine, so splitting or resampling calls one by one would treat them as
// independent and make the floor too narrow. End to end, a request has one value.
// Deterministic: the draws come from a named stream of the validation's seed.
import { createStreams } from '../../sim/random/streams.ts';
import type { Uniform } from '../../sim/dist/spec.ts';
import { quantile } from '../profile/stats.ts';
import { type Distances, distances, METRICS } from './distances.ts';

export const FLOOR_DRAWS = 1000;
export const FLOOR_QUANTILE = 0.95;
/** A run split into halves needs two requests in each. */
export const MIN_SPLIT_N = 4;

export type FloorMethod = 'bootstrap-halves' | 'bootstrap-repeats';

export interface Floor {
  method: FloorMethod;
  draws: number;
  /** The upper 95% point of each distance's magnitude over the draws. */
  bound: Distances;
}

/** One run's samples, one array per request (its calls to the function; its e2e latency). */
export type Grouped = readonly (readonly number[])[];

function shuffle<T>(xs: readonly T[], u: Uniform): T[] {
  const a = xs.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(u() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

const resample = <T>(xs: readonly T[], u: Uniform): T[] => Array.from(xs, () => xs[Math.floor(u() * xs.length)]!);
const flat = (groups: Grouped): number[] => groups.flatMap((g) => [...g]);

function upper(draws: Distances[]): Distances {
  const out = {} as Distances;
  for (const m of METRICS) out[m] = quantile(draws.map((d) => Math.abs(d[m])), FLOOR_QUANTILE);
  return out;
}

/**
 * The floor for one subject (end to end, or one function) from its live samples per repeat,
 * grouped by request, or null when it cannot be estimated: one run with fewer than
 * MIN_SPLIT_N requests that have a value, or repeats of which fewer than two have values.
 */
export function noiseFloor(perRun: readonly Grouped[], seed: number, subject: string): Floor | null {
  const u = createStreams(seed).stream(`validate-noise-floor:${subject}`);
  const runs = perRun.map((groups) => groups.filter((g) => g.length > 0)).filter((groups) => groups.length > 0);
  const draws: Distances[] = [];
  if (perRun.length === 1) {
    const groups = runs[0] ?? [];
    const n = groups.length;
    if (n < MIN_SPLIT_N) return null;
    const h1 = Math.floor(n / 2);
    const h2 = n - h1;
    const scale = Math.sqrt(2 / n) / Math.sqrt(1 / h1 + 1 / h2);
    for (let b = 0; b < FLOOR_DRAWS; b++) {
      const s = shuffle(groups, u);
      const d = distances(flat(s.slice(0, h1)), flat(s.slice(h1)));
      for (const m of METRICS) d[m] *= scale;
      draws.push(d);
    }
    return { method: 'bootstrap-halves', draws: FLOOR_DRAWS, bound: upper(draws) };
  }
  if (runs.length < 2) return null;
  const whole = runs.map(flat);
  const pairs: [number, number][] = [];
  for (let i = 0; i < runs.length; i++) for (let j = 0; j < runs.length; j++) if (i !== j) pairs.push([i, j]);
  for (let b = 0; b < FLOOR_DRAWS; b++) {
    const [i, j] = pairs[b % pairs.length]!;
    draws.push(distances(whole[i]!, flat(resample(runs[j]!, u))));
  }
  return { method: 'bootstrap-repeats', draws: FLOOR_DRAWS, bound: upper(draws) };
}

/** The distances between every ordered pair of repeats, as measured (no resampling): shown
 * beside the floor, so a reader sees what the repeats themselves were. */
export function pairwise(perRun: readonly (readonly number[])[]): Distances[] {
  const out: Distances[] = [];
  perRun.forEach((a, i) => perRun.forEach((b, j) => {
    if (i !== j && a.length > 0 && b.length > 0) out.push(distances(a, b));
  }));
  return out;
}
