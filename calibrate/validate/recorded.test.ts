import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadProfile } from '../../sim/profile/load.ts';
import type { CalibrationProfile } from '../../sim/profile/types.ts';
import { replay } from './replay.ts';
import { readRunDir } from './run-dir.ts';
import { ksNoiseLevel, type Scorecard, score } from './score.ts';

// Live runs of the shipped scenarios on the embedded platform (2026-11-24, this 2-core VM,
// `recorded/`: scenario, requests and telemetry of each), replayed against a profile
// calibrated just before them (`profiles/embedded-2core.json`; calibration and runs
// back to back, so the VM's drift between minutes moves both alike). These pin what the
// model gets right today, so a change that breaks it shows; README.md has the full
// acceptance table, misses included.
const here = import.meta.dirname;
const PROFILE = path.resolve(here, '../../profiles/embedded-2core.json');
let profile: CalibrationProfile;
const cards: Record<string, Scorecard> = {};

/** The scorecard of the recorded run in `runDir` against `p` (read from `file`): 5 seeds. */
function cardOf(runDir: string, p: CalibrationProfile, file: string): Scorecard {
  const run = readRunDir(runDir);
  return score(run, replay(run, p, file, 5, 1), file, 5, 1);
}

beforeAll(async () => {
  profile = await loadProfile(PROFILE);
  for (const name of ['warm-steady', 'cold-steady', 'warm-burst', 'cold-burst', 'timeouts-defaults_60_10_30_s', 'warm-steady-long']) {
    cards[name] = cardOf(path.join(here, 'recorded', name), profile, PROFILE);
  }
});

const check = (card: Scorecard, name: string) => card.checks.find((c) => c.name === name)!;

/** What every recorded round holds in every regime: the same cold starts and failure causes. */
function expectSameColdStartsAndCauses(round: Record<string, Scorecard>): void {
  for (const [name, card] of Object.entries(round)) {
    expect(check(card, 'cold starts relative error').pass, name).toBe(true);
    expect(check(card, 'failure causes').pass, name).toBe(true);
  }
}

describe('validate on recorded live runs', () => {
  it('every regime: the simulator starts as many replicas as the live run, and fails for the same causes', () => {
    expectSameColdStartsAndCauses(cards);
  });

  it('timeouts with OpenFaaS defaults: every request a 502 from the provider\'s 10 s timeout, live and simulated, a full match', () => {
    const card = cards['timeouts-defaults_60_10_30_s']!;
    expect(card.outcomes.liveCauses).toEqual(['502']);
    expect(card.match).toBe(true);
  });

  it('all four regimes: e2e p50 within the acceptance\'s 10% and p95 within its 15%', () => {
    for (const name of ['warm-steady', 'cold-steady', 'warm-burst', 'cold-burst']) {
      const { relError } = cards[name]!.e2e;
      expect(Math.abs(relError.p50), name).toBeLessThanOrEqual(0.1);
      expect(Math.abs(relError.p95), name).toBeLessThanOrEqual(0.15);
    }
  });

  it('cold-steady: every check passes but KS, which is below what noise alone reaches at n = 20', () => {
    const card = cards['cold-steady']!;
    expect(card.checks.filter((c) => !c.pass).map((c) => c.name)).toEqual(['e2e KS distance']);
    expect(card.e2e.ks).toBeLessThan(ksNoiseLevel(20));
  });

  it('warm-steady over 40 minutes (80 requests, from 50 minutes after calibration): p50 and p95 within tolerance; the drift brings KS from 0.25 to 0.18, not to 0.15', () => {
    const card = cards['warm-steady-long']!;
    expect(card.e2e.live.n).toBe(80);
    expect(Math.abs(card.e2e.relError.p50)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(card.e2e.relError.p95)).toBeLessThanOrEqual(0.15);
    expect(card.e2e.ks).toBeLessThan(0.2);
    const steady = structuredClone(profile);
    delete steady.node.speed;
    expect(cardOf(path.join(here, 'recorded', 'warm-steady-long'), steady, PROFILE).e2e.ks).toBeGreaterThan(0.24);
  });

  it('the steady regimes need the machine\'s drift: without node.speed cold-steady\'s p95 is short by more than 15%', () => {
    const steady = structuredClone(profile);
    delete steady.node.speed;
    expect(cardOf(path.join(here, 'recorded', 'cold-steady'), steady, PROFILE).e2e.relError.p95).toBeLessThan(-0.15);
  });

  it('the bursts need interference: without it (the same profile, interference removed) the warm burst is short by 16%', () => {
    const plain = structuredClone(profile);
    for (const s of Object.values(plain.stages)) delete s.interference;
    const card = cardOf(path.join(here, 'recorded', 'warm-burst'), plain, PROFILE);
    expect(card.e2e.relError.p50).toBeLessThan(-0.1);
    expect(Math.abs(cards['warm-burst']!.e2e.relError.p50)).toBeLessThan(Math.abs(card.e2e.relError.p50) / 2);
  });
});

// A second acceptance round (2026-11-25 05:23-06:28 UTC): calibration and the same scenarios
// again, back to back, on the same VM in a faster hour. README.md has its table: the steady
// p50s hold, the bursts and KS do not, as the VM's speed moved between minutes. What holds in
// both rounds is pinned here.
describe('validate on the second recorded round', () => {
  const dir = path.join(here, 'recorded', 'round-2');
  const PROFILE2 = path.join(dir, 'profile.json');
  const round2: Record<string, Scorecard> = {};

  beforeAll(async () => {
    const p = await loadProfile(PROFILE2);
    for (const name of ['warm-steady', 'cold-steady', 'warm-burst', 'cold-burst', 'timeouts-defaults_60_10_30_s', 'warm-steady-long']) {
      round2[name] = cardOf(path.join(dir, name), p, PROFILE2);
    }
  });

  it('every regime: the same cold starts and failure causes; the timeouts a full match', () => {
    expectSameColdStartsAndCauses(round2);
    expect(round2['timeouts-defaults_60_10_30_s']!.match).toBe(true);
  });

  it('the steady regimes and the long run: p50 within 10%', () => {
    for (const name of ['warm-steady', 'cold-steady', 'warm-steady-long']) {
      expect(Math.abs(round2[name]!.e2e.relError.p50), name).toBeLessThanOrEqual(0.1);
    }
  });
});

// A third round (2026-11-25 07:03-08:15 UTC), after calibration gained its drift probe:
// `before/` is a calibration without the probe (07:03) and a 16-minute warm-burst-long run
// right after it; the rest is a calibration with the probe (07:27) and the six scenarios
// right after it. README.md has the table and what it shows: the machine's level moved
// between the half hours (the same 16 bursts took 25.4 s at the median from 07:08, 23.2 s
// from 07:37), and the later calibration fell in a slow window.
describe('validate on the third recorded round', () => {
  const dir = path.join(here, 'recorded', 'round-3');
  const PROFILE3 = path.join(dir, 'profile.json');
  const BEFORE = path.join(dir, 'before', 'profile.json');
  let p3: CalibrationProfile;
  const round3: Record<string, Scorecard> = {};
  const card = (name: string, p: CalibrationProfile, file: string) => cardOf(path.join(dir, name), p, file);

  beforeAll(async () => {
    p3 = await loadProfile(PROFILE3);
    for (const name of ['warm-steady', 'cold-steady', 'warm-burst', 'cold-burst', 'timeouts-defaults_60_10_30_s', 'warm-burst-long']) round3[name] = card(name, p3, PROFILE3);
  });

  it('every regime: the same cold starts and failure causes; the timeouts a full match', () => {
    expectSameColdStartsAndCauses(round3);
    expect(round3['timeouts-defaults_60_10_30_s']!.match).toBe(true);
  });

  it('the drift probe measured the machine\'s drift, and it widens the steady regimes toward the live spread', () => {
    expect(p3.measured.notes!.some((n) => /^node\.speed: .* turns of drift-probe calls across 7 stages/.test(n))).toBe(true);
    const flat = structuredClone(p3);
    delete flat.node.speed;
    for (const name of ['warm-steady', 'cold-steady']) {
      const without = card(name, flat, PROFILE3).e2e.relError.p95;
      const withDrift = round3[name]!.e2e.relError.p95;
      expect(without, name).toBeLessThan(0); // the simulated tail is short of the live one
      expect(Math.abs(withDrift), name).toBeLessThan(Math.abs(without) - 0.03);
    }
    expect(Math.abs(round3['cold-steady']!.e2e.relError.p95)).toBeLessThanOrEqual(0.15);
  });

  it('warm-burst-long (80 requests, 16 bursts) against the calibration right before it: p50 within 10%, p95 within 15%', async () => {
    const c = card('before/warm-burst-long', await loadProfile(BEFORE), BEFORE);
    expect(c.e2e.live.n).toBe(80);
    expect(Math.abs(c.e2e.relError.p50)).toBeLessThanOrEqual(0.1);
    expect(Math.abs(c.e2e.relError.p95)).toBeLessThanOrEqual(0.15);
  });
});
