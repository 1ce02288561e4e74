import { describe, expect, it } from 'vitest';
import energySplit, { SPLIT_DEFAULTS, frameRms, nonSilentFrames } from './energy-split.ts';

/** `before` zeros, `len` samples at `level`, `after` zeros. */
function burst(before: number, len: number, level: number, after: number): Float32Array {
  const y = new Float32Array(before + len + after);
  y.fill(level, before, before + len);
  return y;
}

describe('energySplit', () => {
  it('energySplit defaults to librosa: top_db 60, frame_length 2048, hop_length 512', () => {
    expect(SPLIT_DEFAULTS).toEqual({ topDb: 60, frameLength: 2048, hopLength: 512 });
  });

  it('frameRms centres frames like librosa: 1 + ⌊n / hop⌋ frames, zero-padded by frame/2', () => {
    const y = new Float32Array(5000).fill(0.5);
    const rms = frameRms(y, 2048, 512);
    expect(rms.length).toBe(1 + Math.floor(5000 / 512));
    expect(rms[0]).toBeCloseTo(0.5 * Math.sqrt(1024 / 2048), 12); // half the first frame is padding
    expect(rms[4]).toBeCloseTo(0.5, 12);
  });

  it('energySplit puts edges on the frame grid exactly as librosa does', () => {
    // Frame f spans samples [512f − 1024, 512f + 1024); it is loud iff it overlaps the burst
    // [10000, 15000): f = 18 … 31, so the edges are 18·512 and 32·512.
    expect(energySplit(burst(10000, 5000, 0.5, 10000))).toEqual([[9216, 16384]]);
  });

  it('energySplit clamps the last edge to the signal length', () => {
    const y = burst(10000, 5000, 0.5, 0);
    expect(energySplit(y)).toEqual([[9216, 15000]]);
  });

  it('energySplit keeps a quiet part above −top_db and drops one below it', () => {
    const y = burst(8000, 8000, 0.5, 16000);
    y.fill(0.5 * 10 ** (-50 / 20), 24000, 28000); // 50 dB down: speech
    expect(energySplit(y)).toHaveLength(2);
    y.fill(0.5 * 10 ** (-70 / 20), 24000, 28000); // 70 dB down: silence
    expect(energySplit(y)).toHaveLength(1);
    expect(energySplit(y, { topDb: 80 })).toHaveLength(2);
  });

  it('energySplit treats an all-zero signal as one non-silent interval, as librosa does', () => {
    expect(energySplit(new Float32Array(4096))).toEqual([[0, 4096]]);
    expect(nonSilentFrames(new Float32Array(4096)).every(Boolean)).toBe(true);
  });
});
