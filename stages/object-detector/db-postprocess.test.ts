import { describe, expect, it } from 'vitest';
import dbPostprocess, { DB_DEFAULTS, components } from './db-postprocess.ts';

function map(width: number, height: number, rects: Array<[number, number, number, number, number]>): Float32Array {
  const m = new Float32Array(width * height);
  for (const [x0, y0, x1, y1, p] of rects) for (let y = y0; y <= y1; y++) for (let x = x0; x <= x1; x++) m[y * width + x] = p;
  return m;
}

describe('dbPostprocess', () => {
  it('dbPostprocess defaults to PaddleOCR PP-OCRv4 inference settings', () => {
    expect(DB_DEFAULTS).toEqual({ thresh: 0.3, boxThresh: 0.6, unclipRatio: 1.5, maxCandidates: 1000 });
  });

  it('dbPostprocess grows a region by area × 1.5 / perimeter on each side (unclip)', () => {
    // 19 × 9 between pixel centres: d = 19·9·1.5 / (2·28) ≈ 4.58.
    const boxes = dbPostprocess(map(64, 32, [[10, 10, 29, 19, 0.9]]), 64, 32, 64, 32);
    expect(boxes).toEqual([{ x: 5, y: 5, w: 29, h: 19, score: 0.9 }]);
  });

  it('dbPostprocess maps boxes from the model map back to the original image size', () => {
    // Edges 5.42 and 33.58 (x), 5.42 and 23.58 (y) doubled and rounded: 11–67 and 11–47.
    const [box] = dbPostprocess(map(64, 32, [[10, 10, 29, 19, 0.9]]), 64, 32, 128, 64);
    expect(box).toEqual({ x: 11, y: 11, w: 56, h: 36, score: 0.9 });
  });

  it('dbPostprocess drops regions thinner than 3 pixels and regions scoring below boxThresh', () => {
    const m = map(64, 64, [
      [2, 2, 40, 3, 0.95], // 1 pixel tall between centres
      [2, 20, 40, 30, 0.5], // above thresh 0.3 but mean 0.5 < 0.6
    ]);
    expect(dbPostprocess(m, 64, 64, 64, 64)).toEqual([]);
    expect(dbPostprocess(m, 64, 64, 64, 64, { ...DB_DEFAULTS, boxThresh: 0.4 })).toHaveLength(1);
  });

  it('dbPostprocess returns one box per separate region', () => {
    const m = map(64, 64, [
      [2, 2, 20, 10, 0.8],
      [30, 40, 60, 50, 0.7],
    ]);
    expect(dbPostprocess(m, 64, 64, 64, 64).map((b) => b.score)).toEqual([0.8, 0.7]);
  });

  it('components joins diagonal neighbours (8-connectivity, like cv2.findContours)', () => {
    const m = map(8, 8, [
      [1, 1, 1, 1, 1],
      [2, 2, 2, 2, 1],
      [5, 5, 5, 5, 1],
    ]);
    expect(components(m, 8, 8, 0.3)).toEqual([
      { x0: 1, y0: 1, x1: 2, y1: 2 },
      { x0: 5, y0: 5, x1: 5, y1: 5 },
    ]);
  });
});
