// The Pareto front: a small worked example, then the two defining properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dominates, type Objectives, paretoFront } from './pareto.ts';

const objectives = fc.array(
  fc.record({
    // Few distinct values, so ties (equal cost or equal service) happen often.
    cost: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constant(NaN)),
    service: fc.oneof(fc.integer({ min: 0, max: 6 }), fc.constant(NaN)),
  }),
  { maxLength: 40 },
);

describe('pareto', () => {
  it('paretoFront keeps the non-dominated points, cheapest first', () => {
    const items: Objectives[] = [
      { cost: 3, service: 1 }, // front
      { cost: 1, service: 5 }, // front
      { cost: 2, service: 5 }, // dominated by #1
      { cost: 2, service: 2 }, // front
      { cost: 4, service: 1 }, // dominated by #0
      { cost: NaN, service: 0 }, // front: nothing is better on service
    ];
    expect(paretoFront(items)).toEqual([1, 3, 0, 5]);
  });

  it('paretoFront leaves out the points not kept: one that failed every request neither stands on the front nor pushes others off', () => {
    // As sweeps/min-replicas.json found: scale from zero with parallel fan-out fails every
    // request, so it has no latency (NaN) and is the cheapest point of all.
    const items: Objectives[] = [
      { cost: 314, service: 153 }, // dominated by #3
      { cost: 186, service: NaN }, // failed every request
      { cost: 349, service: 87 }, // front
      { cost: 308, service: 49 }, // front
    ];
    expect(paretoFront(items)).toEqual([1, 3]);
    expect(paretoFront(items, [true, false, true, true])).toEqual([3]);
    expect(paretoFront(items, [true, false, true, false])).toEqual([0, 2]);
    expect(paretoFront(items, [false, false, false, false])).toEqual([]);
  });

  it('paretoFront with keep is the front of the kept points alone', () => {
    fc.assert(
      fc.property(objectives.chain((items) => fc.tuple(fc.constant(items), fc.array(fc.boolean(), { minLength: items.length, maxLength: items.length }))), ([items, keep]) => {
        const kept = items.map((_, i) => i).filter((i) => keep[i]);
        const alone = paretoFront(kept.map((i) => items[i]!)).map((j) => kept[j]!);
        expect(paretoFront(items, keep)).toEqual(alone);
      }),
    );
  });

  it('paretoFront keeps identical points together on the front', () => {
    expect(paretoFront([{ cost: 1, service: 1 }, { cost: 1, service: 1 }])).toEqual([0, 1]);
  });

  it('dominates needs no worse on both and better on one, with NaN as the worst', () => {
    expect(dominates({ cost: 1, service: 1 }, { cost: 1, service: 2 })).toBe(true);
    expect(dominates({ cost: 1, service: 1 }, { cost: 1, service: 1 })).toBe(false);
    expect(dominates({ cost: 1, service: 3 }, { cost: 2, service: 2 })).toBe(false);
    expect(dominates({ cost: 1, service: 9 }, { cost: 1, service: NaN })).toBe(true);
  });

  it('paretoFront: no point on the front is dominated by any point', () => {
    fc.assert(
      fc.property(objectives, (items) => {
        for (const f of paretoFront(items)) expect(items.some((o) => dominates(o, items[f]!))).toBe(false);
      }),
    );
  });

  it('paretoFront: every point off the front is dominated by a point on it', () => {
    fc.assert(
      fc.property(objectives, (items) => {
        const front = paretoFront(items);
        items.forEach((item, i) => {
          if (!front.includes(i)) expect(front.some((f) => dominates(items[f]!, item))).toBe(true);
        });
      }),
    );
  });

  it('paretoFront lists each index once, in order of cost', () => {
    fc.assert(
      fc.property(objectives, (items) => {
        const front = paretoFront(items);
        expect(new Set(front).size).toBe(front.length);
        const costs = front.map((i) => (Number.isNaN(items[i]!.cost) ? Infinity : items[i]!.cost));
        expect(costs).toEqual([...costs].sort((a, b) => a - b));
      }),
    );
  });
});
