import { describe, expect, it } from 'vitest';
import { ConfigError } from '../scenario/errors.ts';
import { resolveScenario } from '../scenario/resolve.ts';
import { constant, oneFunction, simulate } from './helpers.ts';

// `platform.autoscaler.evaluation: "chart"` against the default tick: the same CE alert, with
// the Helm chart's Prometheus and AlertManager timing (docs/openfaas-behaviour.md, Scaling).

const STEP = 40; // the load starts here...
const END = 160; // ...and stops here

/** 20 calls/s from STEP to END, one a second after it (below the threshold of 5/s, and so
 * that the run goes on: a run ends with its last call). */
function loadStep(evaluation?: 'tick' | 'chart', extra: Record<string, unknown> = {}) {
  const arrivals: number[] = [];
  for (let i = 0; STEP + i * 0.05 < END; i++) arrivals.push(STEP + i * 0.05);
  for (let t = END; t < 230; t++) arrivals.push(t);
  return oneFunction(
    { scaling: { mode: 'alert', min: 1, max: 5 }, warm: constant(0.1), containerStart: constant(0), init: constant(0) },
    {
      horizon: 240,
      drainLimit: 10,
      output: { timeSeriesStep: 0.25 },
      workload: { executor: 'trace', arrivals },
      platform: { edition: 'community', autoscaler: { ...(evaluation ? { evaluation } : {}), ...extra } },
    },
  );
}

/** When the replica count goes up (and first comes down after the load), from the series:
 * each time is the first 0.25 s sample at or after the scale call. */
function stepTimes(evaluation?: 'tick' | 'chart') {
  const r = simulate(loadStep(evaluation));
  const { t, functions } = r.variants[0]!.timeSeries;
  const replicas = functions.fn!.replicas;
  const ups: number[] = [];
  let last = replicas[0]!;
  let backToMin = NaN;
  for (let i = 1; i < t.length; i++) {
    if (replicas[i]! > last) ups.push(t[i]!);
    if (replicas[i]! < last && t[i]! >= END) backToMin = t[i]!;
    last = replicas[i]!;
  }
  return { ups, backToMin, max: Math.max(...replicas) };
}

describe('the CE alert with the chart timing', () => {
  it('simulate adds the first replica 20–35 s after a load step with evaluation "chart", 10 s with the default tick', () => {
    const tick = stepTimes();
    const chart = stepTimes('chart');
    // Tick: pending at the first 5 s tick seeing rate > 5 (45 s), firing at the next (50 s).
    expect(tick.ups[0]! - STEP).toBeGreaterThanOrEqual(10);
    expect(tick.ups[0]! - STEP).toBeLessThanOrEqual(10.25);
    // Chart: pending at the 45 s evaluation, firing at 60 s, sent after group_wait at 65 s.
    expect(chart.ups[0]! - STEP).toBeGreaterThanOrEqual(20);
    expect(chart.ups[0]! - STEP).toBeLessThanOrEqual(35);
    expect(chart.ups[0]! - STEP).toBeLessThanOrEqual(25.25);
  });

  it('simulate repeats the firing alert every 30 s and resolves it within 10–25 s of the load stopping (chart)', () => {
    const chart = stepTimes('chart');
    // 65 s, then repeats at 95, 125, 155 s: 1 → 2 → 3 → 4 → 5.
    expect(chart.ups.map((u) => Math.floor(u))).toEqual([65, 95, 125, 155]);
    expect(chart.max).toBe(5);
    // The 165 s evaluation still sees the load's last 5 s in its 10 s window; the 180 s one
    // resolves, sent at the group's next flush (every 10 s from 65 s): 185 s.
    expect(Math.floor(chart.backToMin)).toBe(185);
    expect(Math.floor(chart.backToMin) - END).toBeLessThanOrEqual(25);
  });

  it('simulate gives the same result twice with evaluation "chart" (deterministic)', () => {
    expect(simulate(loadStep('chart')).variants[0]!.timeSeries).toEqual(simulate(loadStep('chart')).variants[0]!.timeSeries);
  });

  it('resolveScenario refuses the chart timings without evaluation "chart", by path', () => {
    let error: unknown;
    try {
      resolveScenario(loadStep('tick', { groupWait: 0 }), null, 'x.json');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(String((error as Error).message)).toContain('$.platform.autoscaler.groupWait');
    expect(String((error as Error).message)).toContain('evaluation "chart"');
  });
});
