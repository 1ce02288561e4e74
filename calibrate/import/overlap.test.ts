import { describe, expect, it } from 'vitest';
import { averageCount, maxCount, reconstructOverlap, type Span } from './overlap.ts';

const call = (stage: string, seconds: number) => ({ stage, seconds });

describe('reconstructOverlap', () => {
  it('reconstructOverlap() spreads a request\'s time outside its calls evenly over the gaps around them', () => {
    // 10 s in flight, 6 s in calls: 4 s outside, 4/3 s in each of the 3 gaps.
    const [a, b] = reconstructOverlap([{ group: 'f', start: 0, duration: 10, calls: [call('x', 2), call('y', 4)] }]);
    expect(a!.start).toBeCloseTo(4 / 3, 9);
    expect(a!.end).toBeCloseTo(10 / 3, 9);
    expect(b!.start).toBeCloseTo(2 + 8 / 3, 9);
    expect(b!.end).toBeCloseTo(10 - 4 / 3, 9);
    // Bounds: all of the outside time after the call, or all of it before.
    expect([a!.earliest, a!.latest]).toEqual([0, 6]);
    expect([b!.earliest, b!.latest]).toEqual([2, 10]);
    expect(a!.alone && b!.alone && a!.aloneAtBounds).toBe(true);
  });

  it('reconstructOverlap() calls a call alone only when no other request of its group was in flight during it', () => {
    const spans: Span[] = [
      { group: 'f', start: 0, duration: 10, calls: [call('x', 2), call('y', 4)] },
      { group: 'f', start: 6, duration: 10 }, // failed: in flight, calls unknown
      { group: 'g', start: 0, duration: 10 }, // another file: never overlaps
    ];
    const [a, b] = reconstructOverlap(spans);
    expect(a!.alone).toBe(true); // ends at 3.33, before 6
    expect(a!.aloneAtBounds).toBe(true); // its window ends at 6, where the other starts
    expect(b!.alone).toBe(false);
    // Over b's 4 s, the other request is in flight for the last 2.67 s.
    expect(b!.inFlight).toBeCloseTo(1 + (10 - 4 / 3 - 6) / 4, 9);
    expect(b!.inFlightMax).toBe(2);
    expect(b!.unknown).toBeCloseTo(b!.inFlight - 1, 9);
    expect(b!.sameStage).toBe(1); // the other's calls are unknown: a lower bound
  });

  it('reconstructOverlap() counts calls of the same stage at once, time-averaged and at most', () => {
    const spans: Span[] = [
      { group: 'f', start: 0, duration: 4, calls: [call('x', 4)] },
      { group: 'f', start: 2, duration: 4, calls: [call('x', 4)] },
      { group: 'f', start: 3, duration: 1, calls: [call('z', 1)] },
    ];
    const [p, q, r] = reconstructOverlap(spans);
    expect(p!.sameStage).toBeCloseTo(1.5, 9); // q overlaps half of p
    expect(q!.sameStage).toBeCloseTo(1.5, 9);
    expect(p!.sameStageMax).toBe(2);
    expect(r!.sameStage).toBe(1);
    expect(r!.inFlight).toBeCloseTo(3, 9); // p and q both in flight over r's second
    expect(p!.inFlight).toBeCloseTo(1 + 2 / 4 + 1 / 4, 9);
    expect(p!.inFlightMax).toBe(3);
    expect(p!.unknown).toBe(0);
  });

  it('reconstructOverlap() leaves out calls of unplaced requests but counts them in flight with unknown calls', () => {
    const spans: Span[] = [
      { group: 'f', start: 0, duration: 600, calls: [call('x', 1)], unplaced: true },
      { group: 'f', start: 10, duration: 1, calls: [call('x', 1)] },
    ];
    const placed = reconstructOverlap(spans);
    expect(placed).toHaveLength(1);
    expect(placed[0]!.request).toBe(1);
    expect(placed[0]!.unknown).toBe(1);
    expect(placed[0]!.sameStage).toBe(1);
  });

  it('reconstructOverlap() takes a zero-length call\'s concurrency at its instant', () => {
    const spans: Span[] = [
      { group: 'f', start: 0, duration: 2, calls: [call('x', 0)] },
      { group: 'f', start: 0.5, duration: 2, calls: [call('x', 0)] },
    ];
    const [p, q] = reconstructOverlap(spans);
    expect(p!.start).toBe(1);
    expect(p!.inFlight).toBe(2);
    expect(p!.sameStage).toBe(1); // q's call is at 1.5
    expect(q!.alone).toBe(false);
  });
});

describe('averageCount and maxCount', () => {
  it('averageCount() and maxCount() count half-open intervals over a window', () => {
    const xs = [{ start: 0, end: 2 }, { start: 1, end: 3 }, { start: 3, end: 4 }];
    expect(averageCount(xs, 0, 4)).toBeCloseTo(5 / 4, 9);
    expect(maxCount(xs, 0, 4)).toBe(2);
    expect(maxCount(xs, 2, 3)).toBe(1);
    expect(averageCount(xs, 3, 3)).toBe(1);
  });
});
