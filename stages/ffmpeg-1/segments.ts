import { StageError } from '../runtime/errors.ts';

export interface Segment {
  start: number;
  end: number;
}

export const MAX_SEGMENTS = 1000;

/**
 * Validates segments from the librosa stage against the media duration. An end past the
 * duration is clamped (segmenters round up to their hop size); a start at or past it is
 * an error, since that clip would be empty.
 */
export function validateSegments(raw: unknown, durationSeconds: number): Segment[] {
  if (!Array.isArray(raw)) throw new StageError('bad-input', `field "segments" must be an array, got ${JSON.stringify(raw)}`);
  if (raw.length > MAX_SEGMENTS) throw new StageError('bad-input', `field "segments" has ${raw.length} entries, more than ${MAX_SEGMENTS}`);
  return raw.map((item: unknown, i): Segment => {
    const s = item as { start?: unknown; end?: unknown } | null;
    const start = s?.start;
    const end = s?.end;
    if (typeof start !== 'number' || typeof end !== 'number' || !Number.isFinite(start) || !Number.isFinite(end)) {
      throw new StageError('bad-input', `segments[${i}] must be {start, end} with finite numbers, got ${JSON.stringify(item)}`);
    }
    if (start < 0 || end <= start) {
      throw new StageError('bad-input', `segments[${i}] must have 0 <= start < end, got start=${start} end=${end}`);
    }
    if (start >= durationSeconds) {
      throw new StageError('bad-input', `segments[${i}] starts at ${start} s, at or after the end of the ${durationSeconds} s video`);
    }
    return { start, end: Math.min(end, durationSeconds) };
  });
}
