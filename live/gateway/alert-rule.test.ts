import { describe, expect, it } from 'vitest';
import { CE_ALERT_RULE, RateAlertRule, extrapolatedRate } from './alert-rule.ts';

describe('extrapolatedRate', () => {
  it('extrapolatedRate() is the increase per second when samples span the whole range', () => {
    expect(extrapolatedRate([{ t: 0, v: 100 }, { t: 5_000, v: 150 }, { t: 10_000, v: 200 }], 0, 10_000)).toBeCloseTo(10);
  });

  it('extrapolatedRate() stretches two samples 5 s apart to the 10 s range (Prometheus extrapolation)', () => {
    // 50 more over 5 s, 2.5 s from either edge (< 1.1 × the 5 s spacing): counted over 10 s.
    expect(extrapolatedRate([{ t: 2_500, v: 100 }, { t: 7_500, v: 150 }], 0, 10_000)).toBeCloseTo(10);
  });

  it('extrapolatedRate() extrapolates only half a spacing past samples far from the edges', () => {
    // 1 s apart, 4.5 s from each edge (> 1.1 s): the interval is 1 + 0.5 + 0.5 s.
    expect(extrapolatedRate([{ t: 4_500, v: 100 }, { t: 5_500, v: 110 }], 0, 10_000)).toBeCloseTo((10 * 2) / 10);
  });

  it('extrapolatedRate() never extrapolates a counter below zero', () => {
    // From 0 to 20 in 5 s, 5 s from the start: the zero point (0 s back) bounds it.
    expect(extrapolatedRate([{ t: 5_000, v: 0 }, { t: 10_000, v: 20 }], 0, 10_000)).toBeCloseTo(2);
  });

  it('extrapolatedRate() adds back a counter reset', () => {
    expect(extrapolatedRate([{ t: 0, v: 40 }, { t: 5_000, v: 50 }, { t: 10_000, v: 10 }], 0, 10_000)).toBeCloseTo(2);
  });

  it('extrapolatedRate() has no value with fewer than two samples', () => {
    expect(extrapolatedRate([{ t: 0, v: 1 }], 0, 10_000)).toBeUndefined();
    expect(extrapolatedRate([], 0, 10_000)).toBeUndefined();
  });
});

describe('RateAlertRule', () => {
  it('RateAlertRule() defaults to the chart rule: rate over 10 s above 5 for 5 s', () => {
    expect(CE_ALERT_RULE).toEqual({ windowMs: 10_000, threshold: 5, forMs: 5_000 });
  });

  /** Scrapes every 5 s at `rps` calls per second, up to `until` (ms). */
  const load = (rule: RateAlertRule, from: number, until: number, rps: number, start = 0) => {
    for (let t = from; t <= until; t += 5_000) rule.scrape(t, new Map([['fn.openfaas-fn', start + ((t - from) / 1000) * rps]]));
  };

  it('RateAlertRule.evaluate() goes pending, then fires at the next evaluation at least `for` later', () => {
    const rule = new RateAlertRule();
    load(rule, 0, 15_000, 10);
    expect(rule.evaluate(15_000)).toEqual({ firing: [], resolved: [] }); // pending
    load(rule, 20_000, 30_000, 10, 200);
    expect(rule.rates(30_000).get('fn.openfaas-fn')).toBeCloseTo(10);
    expect(rule.evaluate(30_000)).toEqual({ firing: ['fn.openfaas-fn'], resolved: [] });
    load(rule, 35_000, 45_000, 10, 350);
    expect(rule.evaluate(45_000)).toEqual({ firing: ['fn.openfaas-fn'], resolved: [] });
  });

  it('RateAlertRule.evaluate() does not fire at exactly the threshold (> 5, not ≥)', () => {
    const rule = new RateAlertRule();
    load(rule, 0, 60_000, 5);
    expect(rule.evaluate(15_000).firing).toEqual([]);
    expect(rule.evaluate(30_000).firing).toEqual([]);
  });

  it('RateAlertRule.evaluate() resolves a firing alert once the rate drops, and drops a pending one silently', () => {
    const rule = new RateAlertRule();
    load(rule, 0, 15_000, 10);
    rule.evaluate(15_000);
    load(rule, 20_000, 30_000, 10, 200);
    expect(rule.evaluate(30_000).firing).toEqual(['fn.openfaas-fn']);
    // Calls stop at 30 s: the counter stays at 300.
    for (const t of [35_000, 40_000, 45_000]) rule.scrape(t, new Map([['fn.openfaas-fn', 300]]));
    expect(rule.evaluate(45_000)).toEqual({ firing: [], resolved: ['fn.openfaas-fn'] });
    expect(rule.evaluate(60_000)).toEqual({ firing: [], resolved: [] });

    const brief = new RateAlertRule();
    load(brief, 0, 15_000, 10);
    brief.evaluate(15_000); // pending
    for (const t of [20_000, 25_000, 30_000]) brief.scrape(t, new Map([['fn.openfaas-fn', 150]]));
    expect(brief.evaluate(30_000)).toEqual({ firing: [], resolved: [] });
  });
});
