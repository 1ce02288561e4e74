import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import seedrandom from 'seedrandom';
import { plan } from './arrivals.ts';
import { createArrivals, executorNames, expectedArrivals } from './registry.ts';
import type { WorkloadSpec } from '../scenario/types.ts';

const u = () => seedrandom.alea('test');

describe('createArrivals', () => {
  it('constant-arrival-rate spaces rate per timeUnit evenly up to the horizon', () => {
    const t = plan(createArrivals({ executor: 'constant-arrival-rate', rate: 2, timeUnit: 1 }, 3, u()));
    expect(t).toEqual([0, 0.5, 1, 1.5, 2, 2.5]);
  });

  it('constant-arrival-rate honours startTime and duration', () => {
    const t = plan(createArrivals({ executor: 'constant-arrival-rate', rate: 60, timeUnit: 60, startTime: 10, duration: 3 }, 100, u()));
    expect(t).toEqual([10, 11, 12]);
  });

  it('ramping-arrival-rate emits the integral of the rate in each stage', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 60 }), (r0, r1, d) => {
        const t = plan(createArrivals({ executor: 'ramping-arrival-rate', startRate: r0, stages: [{ target: r1, duration: d }] }, 1e9, u()));
        expect(t.length).toBe(Math.floor(((r0 + r1) / 2) * d + 1e-9));
        for (let i = 1; i < t.length; i++) expect(t[i]!).toBeGreaterThanOrEqual(t[i - 1]!);
        if (t.length) expect(t[t.length - 1]!).toBeLessThanOrEqual(d + 1e-9);
      }),
    );
  });

  it('ramping-arrival-rate crosses stages and a zero-rate hold', () => {
    const t = plan(createArrivals({ executor: 'ramping-arrival-rate', stages: [{ target: 2, duration: 2 }, { target: 0, duration: 0.001 }, { target: 0, duration: 5 }, { target: 2, duration: 2 }] }, 1e9, u()));
    expect(t.length).toBe(4);
    expect(t.slice(2).every((x) => x > 7)).toBe(true);
  });

  it('poisson has mean gap 1/rate and is reproducible for a seed', () => {
    const a = plan(createArrivals({ executor: 'poisson', rate: 4 }, 5000, u()));
    const b = plan(createArrivals({ executor: 'poisson', rate: 4 }, 5000, u()));
    expect(a).toEqual(b);
    expect(a.length / 5000).toBeGreaterThan(3.8);
    expect(a.length / 5000).toBeLessThan(4.2);
  });

  it('burst sends count at once, every period, repeat times', () => {
    const t = plan(createArrivals({ executor: 'burst', count: 3, every: 10, repeat: 2, startTime: 1 }, 100, u()));
    expect(t).toEqual([1, 1, 1, 11, 11, 11]);
  });

  it('burst with spread keeps arrivals sorted within the spread', () => {
    const t = plan(createArrivals({ executor: 'burst', count: 50, spread: 2 }, 100, u()));
    expect(t.length).toBe(50);
    expect([...t].sort((x, y) => x - y)).toEqual(t);
    expect(Math.max(...t)).toBeLessThan(2);
  });

  it('trace replays times below the horizon', () => {
    expect(plan(createArrivals({ executor: 'trace', arrivals: [0, 1, 5, 9] }, 6, u()))).toEqual([0, 1, 5]);
  });

  it('executorNames lists every executor of the schema', () => {
    expect(executorNames().sort()).toEqual(['burst', 'constant-arrival-rate', 'poisson', 'ramping-arrival-rate', 'trace']);
  });

  it('expectedArrivals counts what plan() gives, for every deterministic shape, without drawing', () => {
    const time = fc.double({ min: 0, max: 50, noNaN: true });
    const specs: fc.Arbitrary<WorkloadSpec> = fc.oneof(
      fc.record({ executor: fc.constant('constant-arrival-rate' as const), rate: fc.double({ min: 0.01, max: 50, noNaN: true }), timeUnit: fc.double({ min: 0.1, max: 10, noNaN: true }), startTime: time, duration: fc.double({ min: 0.01, max: 50, noNaN: true }) }, { requiredKeys: ['executor', 'rate'] }),
      fc.record({ executor: fc.constant('ramping-arrival-rate' as const), startRate: fc.integer({ min: 0, max: 20 }), startTime: time, stages: fc.array(fc.record({ target: fc.integer({ min: 0, max: 20 }), duration: fc.integer({ min: 1, max: 30 }) }), { minLength: 1, maxLength: 4 }) }, { requiredKeys: ['executor', 'stages'] }),
      fc.record({ executor: fc.constant('burst' as const), count: fc.integer({ min: 1, max: 20 }), startTime: time, every: fc.double({ min: 0.1, max: 30, noNaN: true }), repeat: fc.integer({ min: 1, max: 5 }) }, { requiredKeys: ['executor', 'count'] }),
      fc.array(time, { maxLength: 30 }).map((a) => ({ executor: 'trace' as const, arrivals: a.sort((x, y) => x - y) })),
    );
    fc.assert(
      fc.property(specs, fc.double({ min: 0.01, max: 100, noNaN: true }), (spec, horizon) => {
        const n = plan(createArrivals(spec, horizon, u())).length;
        // Rounding at a boundary may put one arrival on either side of it.
        expect(Math.abs(expectedArrivals(spec, horizon) - n)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
    expect(expectedArrivals({ executor: 'poisson', rate: 4, startTime: 10 }, 5010)).toBe(20000);
  });
});
