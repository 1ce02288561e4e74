import { describe, expect, it } from 'vitest';
import { etaOf, formatProgress } from './progress.ts';

describe('progress', () => {
  it('formatProgress shows done/total, in flight and the ETA', () => {
    expect(formatProgress(3, 10, 2, 41.6)).toBe('live: 3/10 requests done, 2 in flight, ETA 42 s');
    expect(formatProgress(0, 10, 1, undefined)).toBe('live: 0/10 requests done, 1 in flight, ETA ?');
  });

  it('etaOf is the time to the last arrival plus the mean latency so far', () => {
    expect(etaOf(10, 30, 2, 5, 8)).toBe(24);
    expect(etaOf(40, 30, 2, 5, 8)).toBe(4);
    expect(etaOf(1, 30, 0, 5, 0)).toBeUndefined();
    expect(etaOf(1, 30, 5, 5, 10)).toBe(0);
  });
});
