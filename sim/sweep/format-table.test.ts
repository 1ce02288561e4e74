// The sweep table's column titles.
import { describe, expect, it } from 'vitest';
import { pointerTitles } from './format-table.ts';

describe('format-table', () => {
  it('pointerTitles uses the last part of each pointer when that tells them apart', () => {
    expect(pointerTitles(['/platform/defaults/scaling/min', '/pipeline/fanout'])).toEqual(['min', 'fanout']);
  });

  it('pointerTitles adds parts until the titles differ', () => {
    expect(pointerTitles(['/platform/gateway/timeout', '/platform/provider/timeout', '/client/timeout'])).toEqual(['gateway/timeout', 'provider/timeout', 'client/timeout']);
    expect(pointerTitles([])).toEqual([]);
  });
});
