/**
 * PaddleOCR's detection preprocessing (ppocr/data/imaug/operators.py) for PP-OCRv4 det:
 * DetResizeForTest (limit_type 'max', limit_side_len 960), NormalizeImage (scale 1/255,
 * mean [0.485, 0.456, 0.406], std [0.229, 0.224, 0.225], hwc), ToCHWImage.
 */

export const DET_MEAN = [0.485, 0.456, 0.406] as const;
export const DET_STD = [0.229, 0.224, 0.225] as const;

/** DetResizeForTest.resize_image_type0 with limit_type 'max': shrink so the long side ≤ limit, then round each side to a multiple of 32 (at least 32). */
export function detResizeShape(width: number, height: number, limitSideLen: number): { width: number; height: number } {
  const ratio = Math.max(width, height) > limitSideLen ? limitSideLen / Math.max(width, height) : 1;
  // Python's int() truncates and round() rounds half to even; the halves only occur at exact multiples of 16.
  const round32 = (v: number): number => Math.max(pyRound(Math.trunc(v * ratio) / 32) * 32, 32);
  return { width: round32(width), height: round32(height) };
}

/** Python 3 round(): half to even. */
function pyRound(v: number): number {
  const f = Math.floor(v);
  const diff = v - f;
  if (diff > 0.5) return f + 1;
  if (diff < 0.5) return f;
  return f % 2 === 0 ? f : f + 1;
}

/** cv2.resize INTER_LINEAR source coordinate: pixel centres aligned, edges clamped. */
export function linearTaps(dst: number, src: number): { i0: Int32Array; i1: Int32Array; w1: Float32Array } {
  const scale = src / dst;
  const i0 = new Int32Array(dst);
  const i1 = new Int32Array(dst);
  const w1 = new Float32Array(dst);
  for (let d = 0; d < dst; d++) {
    let f = (d + 0.5) * scale - 0.5;
    let s = Math.floor(f);
    f -= s;
    if (s < 0) {
      s = 0;
      f = 0;
    }
    if (s >= src - 1) {
      s = src - 1;
      f = 0;
    }
    i0[d] = s;
    i1[d] = Math.min(s + 1, src - 1);
    w1[d] = f;
  }
  return { i0, i1, w1 };
}

/**
 * RGB bytes (row-major, 3 per pixel) → the detector's NCHW float32 input. Paddle decodes
 * images as BGR (cv2) and normalises channel k with mean[k]/std[k], so channel 0 is blue
 * normalised with 0.485/0.229; this does the same rather than "fixing" the order.
 */
export default function toDetTensor(rgb: Uint8Array, width: number, height: number, limitSideLen: number): { data: Float32Array; width: number; height: number } {
  const size = detResizeShape(width, height, limitSideLen);
  const xs = linearTaps(size.width, width);
  const ys = linearTaps(size.height, height);
  const plane = size.width * size.height;
  const data = new Float32Array(3 * plane);
  for (let y = 0; y < size.height; y++) {
    const r0 = ys.i0[y]! * width;
    const r1 = ys.i1[y]! * width;
    const wy = ys.w1[y]!;
    for (let x = 0; x < size.width; x++) {
      const c0 = xs.i0[x]!;
      const c1 = xs.i1[x]!;
      const wx = xs.w1[x]!;
      for (let k = 0; k < 3; k++) {
        const rgbChannel = 2 - k; // BGR order, as Paddle's cv2-decoded input
        const a = rgb[3 * (r0 + c0) + rgbChannel]!;
        const b = rgb[3 * (r0 + c1) + rgbChannel]!;
        const c = rgb[3 * (r1 + c0) + rgbChannel]!;
        const d = rgb[3 * (r1 + c1) + rgbChannel]!;
        // cv2 resizes uint8 to uint8, so the interpolated value is rounded before normalising.
        const v = Math.round((a * (1 - wx) + b * wx) * (1 - wy) + (c * (1 - wx) + d * wx) * wy);
        data[k * plane + y * size.width + x] = (v / 255 - DET_MEAN[k]!) / DET_STD[k]!;
      }
    }
  }
  return { data, ...size };
}
