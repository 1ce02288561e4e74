import { describe, expect, it } from 'vitest';
import { createEta, formatEta } from './eta.ts';
import { DEFAULT_PLAN, parsePlan, planUnits } from './plan.ts';
import { expectedPlanSeconds, expectedUnitSeconds, planLabels } from './expected.ts';

/** Runs steps of the given expected and actual seconds on a fake clock; the ETA after each. */
function run(steps: { expected: number; actual: number }[]): number[] {
  let clock = 0;
  const eta = createEta(steps.reduce((a, s) => a + s.expected, 0), () => clock);
  eta.begin();
  return steps.map((s) => {
    clock += s.actual;
    eta.step(s.expected);
    return eta.remaining();
  });
}

describe('createEta', () => {
  it('createEta() counts down the plan exactly when every step takes what was expected', () => {
    const steps = [2, 1, 5, 0.5, 3].map((e) => ({ expected: e, actual: e }));
    expect(run(steps).map((x) => Number(x.toFixed(9)))).toEqual([9.5, 8.5, 3.5, 3, 0]);
  });

  it('createEta(): one slow step moves the ETA by no more than its own excess, wherever it comes', () => {
    // 200 steps of a plan, 0.1 to 4.9 s each (a fixed pattern), one of them 30 s over.
    const base = Array.from({ length: 200 }, (_, i) => ({ expected: 0.1 + ((i * 37) % 49) / 10, actual: 0 }));
    for (const s of base) s.actual = s.expected;
    const nominal = run(base);
    for (const at of [0, 1, 10, 50, 100, 150, 198]) {
      for (const excess of [0.5, 30, 600]) {
        const slow = base.map((s, i) => (i === at ? { ...s, actual: s.expected + excess } : s));
        const eta = run(slow);
        const moved = eta[at]! - nominal[at]!;
        expect(moved, `step ${at}, ${excess} s over`).toBeGreaterThan(0);
        expect(moved, `step ${at}, ${excess} s over`).toBeLessThanOrEqual(excess + 1e-9);
      }
    }
  });

  it('createEta() learns a machine that is slower throughout: near the end it expects its rate', () => {
    const steps = Array.from({ length: 100 }, () => ({ expected: 6, actual: 12 }));
    const eta = run(steps);
    // 600 s planned, twice as slow: with 10 steps (60 s planned) left the ETA is close to 120 s.
    expect(eta[89]! / 120).toBeGreaterThan(0.85);
    expect(eta[89]! / 120).toBeLessThanOrEqual(1);
    // and it never jumps: each step changes it by less than the step's own time.
    for (let i = 1; i < eta.length; i++) expect(Math.abs(eta[i]! - eta[i - 1]!)).toBeLessThan(12);
  });

  it('createEta(): skipped steps take their planned time off the ETA without teaching a rate', () => {
    let clock = 0;
    const eta = createEta(100, () => clock);
    eta.begin();
    clock = 0.001;
    eta.step(50, true); // the drift probe skipped: 50 s planned, none spent
    expect(eta.remaining()).toBeCloseTo(50, 9);
  });

  it('formatEta() reads as hours, minutes and seconds', () => {
    expect([formatEta(45.4), formatEta(725), formatEta(3720), formatEta(0.2)]).toEqual(['45s', '12m05s', '1h02m', '<1s']);
  });
});

describe('expected plan times', () => {
  it('planLabels() names every unit the plan ticks, expectedPlanSeconds() sums them', () => {
    const p = parsePlan({ stages: 'ffmpeg-0,deepspeech', warm: '2', cold: '1', concurrency: '1,4', 'contention-calls': '2', 'neighbour-calls': '1', 'drift-minutes': '0.5', 'drift-period': '10', 's3-sizes': '1000', 's3-reps': '1' });
    expect(planLabels(p)).toHaveLength(planUnits(p));
    expect(planLabels(p).slice(0, 4)).toEqual(['ffmpeg-0 warm', 'deepspeech warm', 'ffmpeg-0 warm', 'deepspeech warm']);
    // deepspeech serves one call at a time: a round of 4 takes 4 calls' time, 1 a unit; ffmpeg-0 shares 2 cores.
    expect(expectedUnitSeconds(p, 'deepspeech contention 4', 2)).toBeCloseTo(expectedUnitSeconds(p, 'deepspeech warm', 2), 9);
    expect(expectedUnitSeconds(p, 'ffmpeg-0 contention 4', 2)).toBeCloseTo(expectedUnitSeconds(p, 'ffmpeg-0 warm', 2) / 2, 9);
    // The drift probe is time-driven: a turn of both stages every 10 s.
    expect(expectedUnitSeconds(p, 'ffmpeg-0 drift probe', 2)).toBe(5);
    expect(expectedUnitSeconds(p, 'ffmpeg-0 interference (skipped)', 2)).toBe(0);
    // The default plan: about nine minutes of calls on the 2-core VM (README: ~10 min with the platform and inputs).
    expect(expectedPlanSeconds(DEFAULT_PLAN, 2) / 60).toBeGreaterThan(7);
    expect(expectedPlanSeconds(DEFAULT_PLAN, 2) / 60).toBeLessThan(12);
  });
});
