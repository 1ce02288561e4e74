// A steady ETA for the calibration. cli-progress's own ETA extrapolates the last few calls'
// rate over everything left, so one slow call (a cold start, a deepspeech call among
// librosa's) sends it jumping by minutes. Here the plan says what every unit should take
// (expected.ts) and the measured rate only corrects it:
//
//   ETA = R × (A + P) / (E + P)
//
// R: expected seconds of the units still to run; E, A: expected and actual seconds of the
// units run so far; P = max(K, R), a prior that weighs as much as the work still ahead (K =
// 60 s at the end). Early on the plan dominates; by the end the measured rate does. And a
// step that ran x seconds over its expectation moves the ETA by R·x / (E + P) ≤ x, since
// P ≥ R: never more than its own excess, however early it comes.
export interface EtaEstimator {
  /** A unit finished: its expected seconds; `skipped` units ran no calls and do not teach a rate. */
  step(expected: number, skipped?: boolean): void;
  /** Start the clock (the first unit starts now); before, the ETA is the plan's. */
  begin(): void;
  /** Seconds left. */
  remaining(): number;
}

const PRIOR_FLOOR = 60;

export function createEta(expectedRemaining: number, now: () => number): EtaEstimator {
  let left = expectedRemaining;
  let expectedDone = 0;
  let actualDone = 0;
  let last: number | undefined;
  return {
    begin() {
      last ??= now();
    },
    step(expected, skipped = false) {
      left = Math.max(0, left - expected);
      const t = now();
      if (last !== undefined && !skipped) {
        expectedDone += expected;
        actualDone += t - last;
      }
      if (last !== undefined) last = t;
    },
    remaining() {
      const prior = Math.max(PRIOR_FLOOR, left);
      return (left * (actualDone + prior)) / (expectedDone + prior);
    },
  };
}

/** 1h02m, 12m05s, 45s, <1s. */
export function formatEta(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 1) return '<1s';
  if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}
