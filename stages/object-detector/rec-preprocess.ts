import type { ScoredBox } from './db-postprocess.ts';
import { linearTaps } from './preprocess.ts';

/**
 * PaddleOCR's recognition input (tools/infer/predict_rec.py resize_norm_img, PP-OCRv4
 * rec_image_shape 3×48×320): the box cropped, resized to 48 px high keeping its aspect
 * (width ceil(48·w/h), at most MAX_WIDTH), BGR, (x/255 − 0.5)/0.5, right-padded with zeros
 * to max(320, that width).
 */
export const REC_HEIGHT = 48;
const MIN_WIDTH = 320;
/** A box 100× wider than high is a banner, not a word; wider crops are squeezed to this. */
export const MAX_WIDTH = REC_HEIGHT * 100;

export interface RecTensor {
  data: Float32Array;
  width: number;
}

/** The box clamped to the image, in whole pixels; null when nothing of it is inside. */
export function cropRect(box: ScoredBox, width: number, height: number): { x0: number; y0: number; w: number; h: number } | null {
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(width, Math.ceil(box.x + box.w));
  const y1 = Math.min(height, Math.ceil(box.y + box.h));
  return x1 > x0 && y1 > y0 ? { x0, y0, w: x1 - x0, h: y1 - y0 } : null;
}

export default function toRecTensor(rgb: Uint8Array, width: number, height: number, box: ScoredBox): RecTensor | null {
  const rect = cropRect(box, width, height);
  if (rect === null) return null;
  const resizedW = Math.min(MAX_WIDTH, Math.max(1, Math.ceil((REC_HEIGHT * rect.w) / rect.h)));
  const padW = Math.max(MIN_WIDTH, resizedW);
  const xs = linearTaps(resizedW, rect.w);
  const ys = linearTaps(REC_HEIGHT, rect.h);
  const plane = REC_HEIGHT * padW;
  const data = new Float32Array(3 * plane); // zeros: Paddle's padding
  for (let y = 0; y < REC_HEIGHT; y++) {
    const r0 = (rect.y0 + ys.i0[y]!) * width;
    const r1 = (rect.y0 + ys.i1[y]!) * width;
    const wy = ys.w1[y]!;
    for (let x = 0; x < resizedW; x++) {
      const c0 = rect.x0 + xs.i0[x]!;
      const c1 = rect.x0 + xs.i1[x]!;
      const wx = xs.w1[x]!;
      for (let k = 0; k < 3; k++) {
        const ch = 2 - k; // BGR, as Paddle's cv2-decoded crops
        const a = rgb[3 * (r0 + c0) + ch]!;
        const b = rgb[3 * (r0 + c1) + ch]!;
        const c = rgb[3 * (r1 + c0) + ch]!;
        const d = rgb[3 * (r1 + c1) + ch]!;
        // cv2.resize of uint8 gives uint8: round before normalising.
        const v = Math.round((a * (1 - wx) + b * wx) * (1 - wy) + (c * (1 - wx) + d * wx) * wy);
        data[k * plane + y * padW + x] = (v / 255 - 0.5) / 0.5;
      }
    }
  }
  return { data, width: padW };
}
