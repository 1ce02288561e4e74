import { describe, expect, it } from 'vitest';
import { validateSegments } from './segments.ts';

describe('validateSegments', () => {
  it('validateSegments keeps valid segments and clamps an end past the duration', () => {
    expect(validateSegments([{ start: 0, end: 1.5 }, { start: 9, end: 10.2 }], 10)).toEqual([{ start: 0, end: 1.5 }, { start: 9, end: 10 }]);
  });

  it('validateSegments accepts an empty list (a video without speech has no clips)', () => {
    expect(validateSegments([], 10)).toEqual([]);
  });

  it.each([
    ['not an array', { start: 0, end: 1 }, 'must be an array'],
    ['a reversed segment', [{ start: 2, end: 1 }], 'segments[0] must have 0 <= start < end'],
    ['a negative start', [{ start: 0, end: 1 }, { start: -1, end: 1 }], 'segments[1]'],
    ['a start past the end', [{ start: 10, end: 12 }], 'at or after the end'],
    ['text times', [{ start: '0', end: 1 }], 'finite numbers'],
  ])('validateSegments rejects %s as bad-input', (_label, raw, message) => {
    expect(() => validateSegments(raw, 10)).toThrow(message);
    expect(() => validateSegments(raw, 10)).toThrow(expect.objectContaining({ stageCause: 'bad-input' }));
  });
});
