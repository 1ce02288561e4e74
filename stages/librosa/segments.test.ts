import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import energySplit, { SPLIT_DEFAULTS } from './energy-split.ts';
import findSpeechSegments from './find-speech-segments.ts';
import mergeSegments, { intervalsToSegments, type Segment } from './segments.ts';

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

describe('intervalsToSegments', () => {
  it('intervalsToSegments converts sample intervals to seconds, merges, and rounds both lists to the millisecond', () => {
    const out = intervalsToSegments([[0, 1000], [1100, 3000], [20_000, 20_100]], 16_000, { minSilenceS: 0.1, minSegmentS: 0.05 });
    expect(out.rawSegments).toEqual([{ start: 0, end: 0.063 }, { start: 0.069, end: 0.188 }, { start: 1.25, end: 1.256 }]);
    expect(out.segments).toEqual([{ start: 0, end: 0.188 }]);
  });

  // deepspeech splits this way instead of through findSpeechSegments, to leave out its VAD
  // branch's onnxruntime-node (docs/images.md): the two must agree.
  it('intervalsToSegments over energySplit gives what findSpeechSegments gives for method energy', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 15 }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 8 }), async (bursts) => {
        const samples = new Float32Array(16_000);
        for (const [at, level] of bursts) for (let i = at * 1000; i < at * 1000 + 800; i++) samples[i] = level * Math.sin(i / 5);
        const opts = { minSilenceS: 0.3, minSegmentS: 0.1 };
        const found = await findSpeechSegments(samples, { method: 'energy', sampleRate: 16_000, ...opts });
        expect(intervalsToSegments(energySplit(samples, { topDb: SPLIT_DEFAULTS.topDb }), 16_000, opts).segments).toEqual(found.segments);
      }),
      { numRuns: 50, seed: 22 },
    );
  });
});
