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
