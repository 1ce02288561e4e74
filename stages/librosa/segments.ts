export interface Segment {
  /** Seconds from the start of the audio. */
  start: number;
  end: number;
}

export interface MergeOptions {
  /** Gaps shorter than this (seconds) are bridged: a breath between words is not a cut. */
  minSilenceS: number;
  /** After merging, segments shorter than this (seconds) are dropped as clicks or blips. */
  minSegmentS: number;
}

/**
 * The pipeline's clean-up after either detector: sort, bridge short gaps, then drop short
 * segments. Merging comes first so that short pieces close together survive as one.
 */
export default function mergeSegments(segments: readonly Segment[], opts: MergeOptions): Segment[] {
  const sorted = [...segments].sort((a, b) => a.start - b.start);
  const merged: Segment[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    // Overlapping or touching segments always merge, even with minSilenceS = 0.
    if (last && (s.start <= last.end || s.start - last.end < opts.minSilenceS)) last.end = Math.max(last.end, s.end);
    else merged.push({ start: s.start, end: s.end });
  }
  return merged.filter((s) => s.end - s.start >= opts.minSegmentS);
}

/** Seconds rounded to the millisecond, as the stage reports them. */
export const roundMs = (seconds: number): number => Math.round(seconds * 1000) / 1000;

/**
 * A detector's sample intervals as segments in seconds: the raw ones, and the ones left after
 * mergeSegments, both rounded to the millisecond. Shared by findSpeechSegments and by the
 * deepspeech stage, which splits by energy alone and so need not load the VAD model's
 * onnxruntime-node (its image does not install it: docs/images.md).
 */
export function intervalsToSegments(intervals: ReadonlyArray<readonly [number, number]>, sampleRate: number, opts: MergeOptions): { rawSegments: Segment[]; segments: Segment[] } {
  const raw = intervals.map(([s, e]) => ({ start: s / sampleRate, end: e / sampleRate }));
  return {
    rawSegments: raw.map((s) => ({ start: roundMs(s.start), end: roundMs(s.end) })),
    segments: mergeSegments(raw, opts).map((s) => ({ start: roundMs(s.start), end: roundMs(s.end) })),
  };
}
