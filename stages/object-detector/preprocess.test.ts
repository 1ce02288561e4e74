import { describe, expect, it } from 'vitest';
import toDetTensor, { DET_MEAN, DET_STD, detResizeShape } from './preprocess.ts';

describe('detResizeShape', () => {
  it.each([
    [640, 360, 960, 640, 352], // no shrink; 360/32 = 11.25 → 11 × 32
    [1920, 1080, 960, 960, 544], // ratio 0.5; 540/32 = 16.875 → 17 × 32
    [10, 10, 960, 32, 32], // never below 32
    [80, 48, 960, 64, 64], // 2.5 and 1.5 round half to even as Python does: 2 and 2
    [1000, 100, 960, 960, 96], // int(100 × 0.96) = 96
  ])('detResizeShape(%i, %i, limit %i) is %i × %i', (w, h, limit, ew, eh) => {
    expect(detResizeShape(w, h, limit)).toEqual({ width: ew, height: eh });
  });
});

describe('toDetTensor', () => {
  it('toDetTensor normalises in BGR channel order with the ImageNet mean and std, as Paddle does', () => {
    const red = new Uint8Array(32 * 32 * 3);
    for (let i = 0; i < 32 * 32; i++) red[3 * i] = 255;
    const { data, width, height } = toDetTensor(red, 32, 32, 960);
    expect([width, height]).toEqual([32, 32]);
    const plane = 32 * 32;
    expect(data[0]).toBeCloseTo((0 - DET_MEAN[0]) / DET_STD[0], 6); // channel 0 is blue
    expect(data[plane]).toBeCloseTo((0 - DET_MEAN[1]) / DET_STD[1], 6);
    expect(data[2 * plane + 5]).toBeCloseTo((1 - DET_MEAN[2]) / DET_STD[2], 6); // channel 2 is red
  });

  it('toDetTensor resizes bilinearly with cv2 INTER_LINEAR pixel-centre alignment', () => {
    // A step edge: columns 0–7 at 0 and 8–15 at 100, upscaled from 16 to 32 wide.
    const w = 16;
    const h = 32;
    const img = new Uint8Array(w * h * 3);
    for (let y = 0; y < h; y++) for (let x = 8; x < w; x++) img.fill(100, 3 * (y * w + x), 3 * (y * w + x) + 3);
    const { data, width } = toDetTensor(img, w, h, 960);
    expect(width).toBe(32);
    const grey = (col: number): number => Math.round((data[col]! * DET_STD[0] + DET_MEAN[0]) * 255) + 0; // + 0 folds −0 into 0
    // Destination column d samples source (d + 0.5) / 2 − 0.5: columns 15 and 16 straddle the step.
    expect([grey(14), grey(15), grey(16), grey(17)]).toEqual([0, 25, 75, 100]);
  });
});
