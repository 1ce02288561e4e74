// The machine's speed drift (the simulator's node.speed) from calls taken in turns across
// the stages: call i of every stage, then call i + 1. A slow minute slows every call of a
// turn, so the turns' mean log duration varies more than the stages' own noise explains; the
// excess is the common factor's variance, and how its autocovariance falls off from turn to
// turn gives its correlation time.
//
// Two series can carry it. The drift probe (a turn every ten seconds or so for minutes) is
// preferred: the machine's slow stretches last a minute or more, and the warm calls, back to
// back over about 75 s, saw anything from no drift to sd 0.086 in three calibrations of the
// same VM. Without a probe, the warm calls are used.
import type { StageSamples } from './measurements.ts';
import { median } from './stats.ts';

export interface NodeSpeedEstimate {
  sigma: number;
  tau: number;
  turns: number;
  stages: number;
  /**
   * Seconds from one turn to the next: the median gap between the turns' send times when the
   * calls carry them, else the sum of a turn's call durations (median).
   */
  turnSeconds: number;
  /** tau could not be resolved within the turns measured: the value is a bound. */
  tauBound: 'none' | 'lower' | 'upper';
  /** Which calls it was estimated from. */
  source: 'drift probe' | 'warm calls';
}

/** One stage's calls in turns: durations, their send times, and how many inputs they cycle through. */
interface TurnSeries {
  values: number[];
  at?: number[];
  cycle: number;
}

/** Stages need this many calls in turns, and there must be this many such stages. */
export const MIN_TURNS = 10;
export const MIN_STAGES = 3;
/** Autocovariance ratios below this are noise for the fit. */
const MIN_RATIO = 0.2;

export function nodeSpeedOf(stages: Record<string, StageSamples>): NodeSpeedEstimate | null {
  const all = Object.values(stages);
  const probe = all.filter((s) => (s.drift?.length ?? 0) >= MIN_TURNS && s.drift!.every((x) => x > 0));
  if (probe.length >= MIN_STAGES) {
    // The probe calls one fixed input per stage, so there is no input mix to take out.
    const e = fromTurns(probe.map((s) => ({ values: s.drift!, ...(s.driftAt ? { at: s.driftAt } : {}), cycle: 1 })));
    return e && { ...e, source: 'drift probe' };
  }
  const warm = all.filter((s) => s.inputCycle !== undefined && s.warm.length >= MIN_TURNS && s.warm.every((x) => x > 0));
  if (warm.length < MIN_STAGES) return null;
  const e = fromTurns(warm.map((s) => ({ values: s.warm, ...(s.warmAt ? { at: s.warmAt } : {}), cycle: s.inputCycle! })));
  return e && { ...e, source: 'warm calls' };
}

function fromTurns(used: TurnSeries[]): Omit<NodeSpeedEstimate, 'source'> | null {
  const n = Math.min(...used.map((s) => s.values.length));
  // Each call's log duration against the mean of the same stage on the same input (the
  // inputs cycle, and clip 2 is not clip 1), so what is left is time.
  const dev = used.map((s) => {
    const logs = s.values.slice(0, n).map(Math.log);
    const cycle = Math.max(1, s.cycle);
    return logs.map((y, i) => {
      let sum = 0;
      let k = 0;
      for (let j = i % cycle; j < n; j += cycle) {
        sum += logs[j]!;
        k++;
      }
      return y - sum / k;
    });
  });
  const turnMean = Array.from({ length: n }, (_, i) => dev.reduce((a, d) => a + d[i]!, 0) / dev.length);
  const own = dev.reduce((a, d) => a + variance(d), 0) / dev.length;
  const common = variance(turnMean) - own / dev.length;
  if (!(common > 0)) return null;
  const turnSeconds = turnSpacing(used, n) ?? median(Array.from({ length: n }, (_, i) => used.reduce((a, s) => a + s.values[i]!, 0)));
  // Autocovariance at lag k over lag 1 (the stages' own noise is in lag 0 only):
  // exp(−(k − 1) × turn / tau); least squares through the origin on its log.
  const c = autocovariances(turnMean, Math.floor(n / 3));
  let num = 0;
  let den = 0;
  for (let k = 2; k < c.length && c[1]! > 0; k++) {
    const r = c[k]! / c[1]!;
    if (!(r > MIN_RATIO)) break;
    num += (k - 1) ** 2;
    den += -(k - 1) * Math.log(Math.min(r, 1));
  }
  let tau: number;
  let tauBound: NodeSpeedEstimate['tauBound'] = 'none';
  if (num === 0) {
    tau = turnSeconds; // gone within a turn or two
    tauBound = 'upper';
  } else if (den <= 0 || (turnSeconds * num) / den > n * turnSeconds) {
    tau = n * turnSeconds; // no decay seen within the calls measured
    tauBound = 'lower';
  } else {
    tau = (turnSeconds * num) / den;
  }
  return { sigma: round(Math.sqrt(common), 3), tau: round(tau, 1), turns: n, stages: used.length, turnSeconds, tauBound };
}

/**
 * The median time from turn i to turn i + 1 (a turn starts with its first call). The median,
 * so an interrupted calibration resumed an hour later does not stretch every lag.
 */
function turnSpacing(used: TurnSeries[], n: number): number | null {
  if (!used.every((s) => s.at !== undefined && s.at.length >= n)) return null;
  const start = Array.from({ length: n }, (_, i) => Math.min(...used.map((s) => s.at![i]!)));
  const gaps = start.slice(1).map((t, i) => t - start[i]!).filter((g) => g > 0);
  return gaps.length > 0 ? median(gaps) : null;
}

function variance(xs: number[]): number {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
}

function autocovariances(xs: number[], maxLag: number): number[] {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const out: number[] = [];
  for (let k = 0; k <= maxLag; k++) {
    let s = 0;
    for (let i = k; i < xs.length; i++) s += (xs[i]! - m) * (xs[i - k]! - m);
    out.push(s / (xs.length - k));
  }
  return out;
}

const round = (x: number, d: number) => Number(x.toFixed(d));
