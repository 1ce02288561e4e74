import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import mergeSegments, { type Segment } from './segments.ts';

const segmentArb = fc
  .tuple(fc.double({ min: 0, max: 100, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }))
  .map(([start, len]): Segment => ({ start, end: start + len }));

describe('mergeSegments', () => {
  it('mergeSegments bridges a short gap and keeps a long one', () => {
    const input = [
      { start: 5, end: 6 },
      { start: 1, end: 2 },
      { start: 2.2, end: 3 },
    ];
    expect(mergeSegments(input, { minSilenceS: 0.5, minSegmentS: 0 })).toEqual([
      { start: 1, end: 3 },
      { start: 5, end: 6 },
    ]);
  });

  it('mergeSegments drops short segments only after bridging', () => {
    const blips = [
      { start: 1, end: 1.1 },
      { start: 1.2, end: 1.3 },
      { start: 1.4, end: 1.5 },
      { start: 4, end: 4.1 },
    ];
    expect(mergeSegments(blips, { minSilenceS: 0.2, minSegmentS: 0.3 })).toEqual([{ start: 1, end: 1.5 }]);
  });

  it('mergeSegments joins touching segments even when minSilence is 0', () => {
    const touching = [
      { start: 0, end: 0 },
      { start: 0, end: 1 },
      { start: 1, end: 2 },
    ];
    expect(mergeSegments(touching, { minSilenceS: 0, minSegmentS: 0 })).toEqual([{ start: 0, end: 2 }]);
  });

  it('mergeSegments returns sorted segments separated by at least minSilence and no shorter than minSegment', () => {
    fc.assert(
      fc.property(fc.array(segmentArb, { maxLength: 30 }), fc.double({ min: 0, max: 2, noNaN: true }), fc.double({ min: 0, max: 2, noNaN: true }), (segs, minSilenceS, minSegmentS) => {
        const out = mergeSegments(segs, { minSilenceS, minSegmentS });
        for (const s of out) expect(s.end - s.start).toBeGreaterThanOrEqual(minSegmentS);
        for (let i = 1; i < out.length; i++) {
          expect(out[i]!.start - out[i - 1]!.end).toBeGreaterThanOrEqual(minSilenceS);
          expect(out[i]!.start).toBeGreaterThan(out[i - 1]!.end);
        }
        // Every input point that survives lies inside some output segment.
        for (const s of segs) {
          const home = out.find((o) => o.start <= s.start && s.start <= o.end);
          if (home) expect(s.end).toBeLessThanOrEqual(home.end);
        }
      }),
    );
  });
});
