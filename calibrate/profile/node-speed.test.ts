// The drift estimate on synthetic warm calls: seven stages taken in turns, each call's log
// duration = its stage's level + its input's offset + a common factor (an AR(1) over turns)
// + the call's own noise.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../sim/dist/normal.ts';
import { emptyStage, type StageSamples } from './measurements.ts';
import { nodeSpeedOf } from './node-speed.ts';

function stages(opts: { turns: number; sigma: number; rho: number; noise: number; seed: string }): Record<string, StageSamples> {
  const rnd = seedrandom(opts.seed);
  const z = () => normalQuantile(rnd() * 0.999998 + 0.000001);
  const common: number[] = [];
  let x = opts.sigma * z();
  for (let i = 0; i < opts.turns; i++) {
    common.push(x);
    x = opts.rho * x + Math.sqrt(1 - opts.rho ** 2) * opts.sigma * z();
  }
  const out: Record<string, StageSamples> = {};
  [1, 1, 1, 4, 4, 4, 12].forEach((cycle, k) => {
    const s = emptyStage();
    s.inputCycle = cycle;
    s.warm = common.map((c, i) => 0.35 * Math.exp(0.6 * ((i % cycle) / cycle) + c + opts.noise * z()));
    out[`stage-${k}`] = s;
  });
  return out;
}

describe('nodeSpeedOf', () => {
  it('nodeSpeedOf recovers a common factor\'s sd and correlation time through the stages\' own noise and input mix', () => {
    const sigmas: number[] = [];
    const taus: number[] = [];
    for (let seed = 0; seed < 20; seed++) {
      const e = nodeSpeedOf(stages({ turns: 120, sigma: 0.09, rho: 0.85, noise: 0.15, seed: String(seed) }))!;
      sigmas.push(e.sigma);
      taus.push(e.tau / e.turnSeconds); // in turns
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
    expect(med(sigmas)).toBeGreaterThan(0.07);
    expect(med(sigmas)).toBeLessThan(0.11);
    // rho 0.85 per turn: tau = −1 / ln 0.85 ≈ 6.2 turns.
    expect(med(taus)).toBeGreaterThan(4);
    expect(med(taus)).toBeLessThan(9);
  });

  it('nodeSpeedOf clocks the turns by their send times when the calls carry them, robust to a resume hours later', () => {
    const s = stages({ turns: 60, sigma: 0.09, rho: 0.85, noise: 0.15, seed: 'clock' });
    const without = nodeSpeedOf(s)!;
    Object.values(s).forEach((st, k) => {
      st.warmAt = st.warm.map((_, i) => 1_700_000_000 + 20 * i + (i >= 40 ? 3600 : 0) + 0.5 * k);
    });
    const withClock = nodeSpeedOf(s)!;
    expect(withClock.turnSeconds).toBe(20);
    expect(withClock.sigma).toBe(without.sigma);
    // The same decay in turns, measured in seconds on the calls' own clock.
    expect(withClock.tau / 20).toBeCloseTo(without.tau / without.turnSeconds, 0);
  });

  it('nodeSpeedOf finds nothing, or next to nothing, on a steady machine', () => {
    for (let seed = 0; seed < 10; seed++) {
      const e = nodeSpeedOf(stages({ turns: 60, sigma: 0, rho: 0, noise: 0.15, seed: `steady-${seed}` }));
      expect(e === null || e.sigma < 0.04).toBe(true);
    }
  });

  it('nodeSpeedOf prefers the drift probe, minutes long, to the warm calls, and says which it used', () => {
    // Warm calls from a steady stretch; the probe, one fixed input per stage, from a drifting one.
    const s = stages({ turns: 30, sigma: 0, rho: 0, noise: 0.1, seed: 'steady-warm' });
    const probe = stages({ turns: 30, sigma: 0.09, rho: 0.6, noise: 0.1, seed: 'probe' });
    for (const [name, st] of Object.entries(s)) {
      st.drift = probe[name]!.warm.map((x, i) => x / Math.exp(0.6 * ((i % st.inputCycle!) / st.inputCycle!))); // one input
      st.driftAt = st.drift.map((_, i) => 1_700_000_000 + 10 * i);
    }
    const e = nodeSpeedOf(s)!;
    expect(e.source).toBe('drift probe');
    expect(e.turnSeconds).toBe(10);
    expect(e.sigma).toBeGreaterThan(0.05);
    // Too short a probe (fewer than 10 turns): the warm calls, as before.
    for (const st of Object.values(s)) {
      st.drift = st.drift!.slice(0, 5);
      st.driftAt = st.driftAt!.slice(0, 5);
    }
    const w = nodeSpeedOf(s);
    expect(w === null || (w.source === 'warm calls' && w.sigma < 0.04)).toBe(true);
  });

  it('nodeSpeedOf needs calls in turns: stages without an input cycle (telemetry) or too few calls give null', () => {
    const s = stages({ turns: 60, sigma: 0.1, rho: 0.8, noise: 0.1, seed: 'x' });
    for (const st of Object.values(s)) delete st.inputCycle;
    expect(nodeSpeedOf(s)).toBeNull();
    expect(nodeSpeedOf(stages({ turns: 8, sigma: 0.1, rho: 0.8, noise: 0.1, seed: 'y' }))).toBeNull();
  });
});
