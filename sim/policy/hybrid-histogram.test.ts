import { describe, expect, it } from 'vitest';
import { constant, oneFunction, simulate } from '../test/helpers.ts';
import { hybridHistogram } from './hybrid-histogram.ts';
import type { HybridHistogram } from './hybrid-histogram.ts';

const fn = { scaling: { mode: 'lambda' as const } };
const make = (raw: Record<string, unknown> = {}) => hybridHistogram.create(hybridHistogram.normalize({ type: 'hybrid-histogram', ...raw }, '$'), { fn: fn as never, names: [], chain: null }) as HybridHistogram;

describe('hybridHistogram', () => {
  it('hybridHistogram defaults are the paper’s: 1-minute bins over 4 h, 5th/99th percentiles, 10% margins, CV 2', () => {
    expect(hybridHistogram.normalize({ type: 'hybrid-histogram' }, '$')).toEqual({
      type: 'hybrid-histogram', binWidth: 60, range: 14400, headPercentile: 5, tailPercentile: 99, margin: 0.1, cvThreshold: 2, oobThreshold: 0.5, forecastMargin: 0.15, idleTime: 'function',
    });
  });

  it('onIdle keeps an instance for the whole range (4 h) with no history', () => {
    expect(make().onIdle(100, 0)).toEqual({ keepUntil: 100 + 14400, prewarmAt: NaN, prewarmKeepUntil: NaN });
  });

  it('onIdle unloads at once and pre-warms at the head, until the tail, for a periodic history', () => {
    const p = make();
    for (let i = 0; i < 20; i++) p.record(600); // bin 10: [600, 660)
    expect(p.onIdle(1000, 0)).toEqual({ keepUntil: 1000, prewarmAt: 1000 + 600 * 0.9, prewarmKeepUntil: 1000 + 660 * 1.1 });
  });

  it('onIdle keeps the instance to the tail, with no pre-warm, when the head is the first bin', () => {
    const p = make();
    for (let i = 0; i < 20; i++) p.record(10 + i);
    expect(p.onIdle(0, 0)).toEqual({ keepUntil: 60 * 1.1, prewarmAt: NaN, prewarmKeepUntil: NaN });
  });

  it('onIdle falls back to the range when the histogram is flat (CV below 2)', () => {
    const p = make();
    for (let b = 0; b < 240; b++) p.record(b * 60 + 1);
    expect(p.windows()).toEqual({ head: 0, tail: 14400 });
  });

  it('onIdle forecasts from the out-of-range idle times when most fall past the range', () => {
    const p = make();
    for (let i = 0; i < 3; i++) p.record(5 * 3600);
    p.record(7 * 3600);
    p.record(120);
    const f = (3 * 5 * 3600 + 7 * 3600) / 4;
    expect(p.windows()).toEqual({ head: f * 0.85, tail: f * 1.15 });
  });

  it("onInvocation counts only the function's idle times by default, every instance's with idleTime 'instance'", () => {
    for (const [mode, expected] of [['function', { head: 0, tail: 14400 }], ['instance', { head: 0, tail: 66 }]] as const) {
      const p = make({ idleTime: mode });
      for (let i = 0; i < 5; i++) {
        p.onIdle(i * 100, 1); // one instance goes idle while another is still busy
        p.onInvocation(i * 100 + 30, 1); // and the second instance is needed again 30 s later
      }
      expect(p.windows()).toEqual(expected);
    }
  });

  it('simulate with the hybrid policy pre-warms before a periodic call and unloads after the tail', () => {
    const period = [...Array(15).keys()].map((i) => i * 600);
    const arrivals = [...period, period[14]! + 3000]; // then a call long after the pattern
    const run = (policy: unknown) =>
      simulate(
        oneFunction({ scaling: { mode: 'lambda', keepAlive: 14400 }, warm: constant(1), containerStart: constant(2), policy } as never, {
          horizon: 20000,
          workload: { executor: 'trace', arrivals },
        }),
      ).variants[0]!.replications[0]!;
    const hybrid = run({ keepAlive: { type: 'hybrid-histogram' } });
    const fixed = run(undefined); // fixed 4 h keep-alive
    // Hybrid: cold on the first call (no history) and on the late one (the pre-warmed
    // instance was unloaded at the tail, 660 s); every periodic call in between is warm.
    expect(hybrid.functions.fn!.firstCalls).toBe(2);
    expect(fixed.functions.fn!.firstCalls).toBe(1);
    // Pre-warmed ~60 s before each call instead of idling ~600 s between calls.
    expect(hybrid.cost.idleGBs).toBeLessThan(fixed.cost.idleGBs * 0.3);
    expect(hybrid.functions.fn!.coldStarts).toBeGreaterThan(10); // one pre-warm per period
  });
});
