import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LogHistogram } from './log-histogram.ts';

describe('LogHistogram', () => {
  it('quantile is within the precision of the exact order statistic', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.001, max: 5000, noNaN: true }), { minLength: 1, maxLength: 500 }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, q) => {
        const h = new LogHistogram();
        xs.forEach((x) => h.record(x));
        const sorted = [...xs].sort((a, b) => a - b);
        const exact = sorted[Math.max(0, Math.ceil(q * xs.length) - 1)]!;
        expect(Math.abs(h.quantile(q) - exact) / exact).toBeLessThanOrEqual(0.0101);
      }),
    );
  });

  it('mean, total and extremes are exact', () => {
    const h = new LogHistogram();
    [1, 2, 3, 10].forEach((x) => h.record(x));
    expect([h.mean(), h.total, h.minSeen, h.maxSeen]).toEqual([4, 4, 1, 10]);
  });

  it('merge equals recording everything into one', () => {
    const a = new LogHistogram();
    const b = new LogHistogram();
    const c = new LogHistogram();
    for (let i = 1; i < 100; i++) {
      (i % 2 ? a : b).record(i / 7);
      c.record(i / 7);
    }
    a.merge(b);
    expect(a.toJSON()).toEqual(c.toJSON());
  });

  it('puts every value in the bucket whose edges hold it (the table lookup is exact)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom([1e-4, 1e6, 0.01], [1e-3, 1e4, 0.05], [1e-2, 1e3, 0.0005]),
        fc.array(fc.double({ min: 1e-6, max: 1e8, noNaN: true }), { minLength: 1, maxLength: 200 }),
        ([min, max, precision], xs) => {
          const h = new LogHistogram(min, max, precision);
          const g = 1 + precision;
          const n = h.counts.length;
          for (const x of xs) {
            const before = Array.from(h.counts);
            h.record(x);
            const i = h.counts.findIndex((c, j) => c !== before[j]);
            // Bucket 0: at or below min; i ≥ 1: [min·g^(i−1), min·g^i); the last: everything above.
            const lo = i === 0 ? -Infinity : min * Math.pow(g, i - 1);
            const hi = i === 0 ? min : i === n - 1 ? Infinity : min * Math.pow(g, i);
            expect(x > lo || (i === 0 && x <= min)).toBe(true);
            expect(x >= lo && x < hi || (i === 0 && x <= min)).toBe(true);
          }
        },
      ),
    );
  });

  it('quantile of an empty histogram is NaN', () => {
    expect(new LogHistogram().quantile(0.5)).toBeNaN();
  });
});
