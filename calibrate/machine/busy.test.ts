import { describe, expect, it } from 'vitest';
import type { MachineSample } from '../../live/machine/recorder.ts';
import { judgeDuringRun, judgeIdle } from './busy.ts';
import { machineConditions } from './conditions.ts';

/** Ten samples a second apart: probe 3.3–3.5 ms (a quiet machine's spread), the given load and steal. */
const quiet = (load1 = 0.2, steal: number | null = 0): MachineSample[] =>
  Array.from({ length: 10 }, (_, i) => ({ t: i, probe: 0.0033 + (i % 3) * 0.0001, load1, steal }));

describe('judgeIdle', () => {
  it('judgeIdle() finds a quiet machine quiet, with or without steal figures', () => {
    expect(judgeIdle(quiet(), 2)).toEqual({ busy: false, reasons: [] });
    expect(judgeIdle(quiet(1.4, null), 2)).toEqual({ busy: false, reasons: [] }); // 1.4 <= 0.75 × 2
    expect(judgeIdle([], 2)).toEqual({ busy: false, reasons: [] });
  });

  it('judgeIdle() is busy past 0.75 × cores of load average, and says so', () => {
    const v = judgeIdle(quiet(1.6), 2);
    expect(v.busy).toBe(true);
    expect(v.reasons).toEqual(['load average 1.60 on 2 cores (over 0.75 × cores = 1.50)']);
    expect(judgeIdle(quiet(1.6), 4).busy).toBe(false);
  });

  it('judgeIdle() is busy past 5% steal on average', () => {
    expect(judgeIdle(quiet(0.2, 0.05), 2).busy).toBe(false);
    const v = judgeIdle(quiet(0.2, 0.08), 2);
    expect(v.reasons).toEqual(['steal 8.0% of CPU time (over 5.0%)']);
  });

  it('judgeIdle() is busy when the probe\'s median is over 1.25 × its fastest', () => {
    const slow = quiet().map((s, i) => ({ ...s, probe: i < 4 ? 0.0033 : 0.0045 }));
    const v = judgeIdle(slow, 2);
    expect(v.busy).toBe(true);
    expect(v.reasons[0]).toMatch(/^the probe's fixed work took 4\.50 ms at the median, 1\.36× its fastest 3\.30 ms \(over 1\.25×\)$/);
  });

  it('judgeDuringRun() counts only steal: the calibration\'s own calls load the cores', () => {
    const loaded = quiet(7.5).map((s) => ({ ...s, probe: s.t % 2 ? 0.02 : 0.0033 }));
    expect(judgeDuringRun(loaded, 2).busy).toBe(false);
    expect(judgeDuringRun(quiet(0.2, 0.2), 2).reasons).toEqual(['steal 20.0% of CPU time (over 5.0%)']);
  });
});

describe('machineConditions', () => {
  it('machineConditions() summarises the run\'s samples, its baseline their median, not the pre-check\'s (round 4: a busy pre-check read 26% slow)', () => {
    const precheck = [0.003, 0.0031, 0.0032].map((probe, t) => ({ t, probe, load1: 0.1, steal: 0 }));
    const run = [0.004, 0.003, 0.005, 0.0035].map((probe, i) => ({ t: 3 + i, probe, load1: i, steal: i === 0 ? null : 0.01 * i }));
    expect(machineConditions({ precheck, run, busy: false, forced: false, episodes: [] })).toEqual({
      probe: { baseline: 0.00375, p50: 0.0035, p95: 0.005, max: 0.005 },
      load1: { mean: 1.5, max: 3 },
      steal: { mean: 0.02, max: 0.03 },
      samples: 4,
      busy: false,
      forced: false,
    });
  });

  it('machineConditions() has steal null without figures, falls back on the pre-check, and is undefined with no sample', () => {
    const precheck = [0.003, 0.004].map((probe, t) => ({ t, probe, load1: 1, steal: null }));
    const c = machineConditions({ precheck, run: [], busy: true, forced: true, episodes: [{ start: 1, end: null, reason: 'x' }] })!;
    expect(c.steal).toBeNull();
    expect(c.samples).toBe(2);
    expect(c.probe.baseline).toBe(0.0035);
    expect(c).toMatchObject({ busy: true, forced: true, episodes: [{ start: 1, end: null, reason: 'x' }] });
    expect(machineConditions({ precheck: [], run: [], busy: false, forced: false, episodes: [] })).toBeUndefined();
  });
});
