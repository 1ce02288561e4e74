import { describe, expect, it } from 'vitest';
import type { Notification } from './alert-groups.ts';
import { AlertAutoscaler, CE_AUTOSCALER_TIMING } from './alert-autoscaler.ts';
import { ManualClock } from '../testfn/manual-clock.ts';

const FN = 'test-throughput-scaling.openfaas-fn';

/** Calls answered 200 at `rps` from `from` to `to` (ms): the counter at time t. */
const counter = (rps: number, from: number, to: number) => (t: number) => (Math.max(0, Math.min(t, to) - from) / 1000) * rps;

function autoscalerUnder(load: (t: number) => number, clock = new ManualClock()) {
  const sent: Array<Notification & { at: number }> = [];
  const autoscaler = new AlertAutoscaler({
    okCounts: () => new Map([[FN, load(clock.now())]]),
    notify: async (n) => void sent.push({ ...n, at: clock.now() }),
    log: () => undefined,
    clock,
  });
  return { autoscaler, sent, clock };
}

describe('AlertAutoscaler', () => {
  it('AlertAutoscaler() takes the chart timings: scrape 5 s, evaluate 15 s, group_wait 5 s, group_interval 10 s, repeat 30 s', () => {
    expect(CE_AUTOSCALER_TIMING).toEqual({ scrapeIntervalMs: 5_000, evaluationIntervalMs: 15_000, groupWaitMs: 5_000, groupIntervalMs: 10_000, repeatIntervalMs: 30_000 });
  });

  it('AlertAutoscaler.runDue() under 10 calls/s (the certifier\'s load) fires 35 s in, and repeats the alert every 30 s while the load lasts', async () => {
    const { autoscaler, sent, clock } = autoscalerUnder(counter(10, 0, Infinity));
    for (let t = 0; t <= 120_000; t += 1_000) {
      clock.time = t;
      await autoscaler.runDue(t);
    }
    // Pending at the 15 s evaluation, firing at 30 s, notified after group_wait; repeated
    // every repeat_interval.
    expect(sent).toEqual([
      { fn: FN, status: 'firing', at: 35_000 },
      { fn: FN, status: 'firing', at: 65_000 },
      { fn: FN, status: 'firing', at: 95_000 },
    ]);
  });

  it('AlertAutoscaler.runDue() sends the resolve within 10 s of the first evaluation that sees the load gone', async () => {
    const { autoscaler, sent, clock } = autoscalerUnder(counter(10, 0, 36_000));
    for (let t = 0; t <= 120_000; t += 1_000) {
      clock.time = t;
      await autoscaler.runDue(t);
    }
    expect(sent).toEqual([
      { fn: FN, status: 'firing', at: 35_000 },
      { fn: FN, status: 'resolved', at: 45_000 },
    ]);
  });

  it('AlertAutoscaler.runDue() never fires under 5 calls/s, nor for a burst shorter than the rule needs', async () => {
    for (const load of [counter(5, 0, Infinity), counter(50, 16_000, 26_000)]) {
      const { autoscaler, sent, clock } = autoscalerUnder(load);
      for (let t = 0; t <= 120_000; t += 1_000) {
        clock.time = t;
        await autoscaler.runDue(t);
      }
      expect(sent).toEqual([]);
    }
  });

  it('AlertAutoscaler.start() runs on its clock\'s timers, and stop() ends them', async () => {
    const { autoscaler, sent, clock } = autoscalerUnder(counter(10, 0, Infinity));
    autoscaler.start();
    await clock.advanceTo(40_000, () => autoscaler.settled());
    expect(sent).toEqual([{ fn: FN, status: 'firing', at: 35_000 }]);
    autoscaler.stop();
    await clock.advanceTo(200_000, () => autoscaler.settled());
    expect(sent).toHaveLength(1);
  });

  it('AlertAutoscaler.runDue() logs a notification the gateway could not act on and goes on', async () => {
    const clock = new ManualClock();
    const logs: string[] = [];
    let calls = 0;
    const autoscaler = new AlertAutoscaler({
      okCounts: () => new Map([[FN, counter(10, 0, Infinity)(clock.now())]]),
      notify: async () => {
        calls++;
        throw new Error('error scaling HTTP code 500');
      },
      log: (l) => logs.push(l),
      clock,
    });
    for (let t = 0; t <= 80_000; t += 5_000) await autoscaler.runDue((clock.time = t));
    expect(calls).toBe(2);
    expect(logs[0]).toBe(`alert firing for ${FN} not delivered: error scaling HTTP code 500`);
  });
});
