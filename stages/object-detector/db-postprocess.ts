/**
 * PaddleOCR's DBPostProcess (ppocr/postprocess/db_postprocess.py) with its PP-OCRv4
 * inference defaults: thresh 0.3, box_thresh 0.6, max_candidates 1000, unclip_ratio 1.5,
 * score_mode 'fast', min_size 3, no dilation.
 *
 * Two deliberate simplifications, exact for horizontal text: regions are 8-connected
 * components of the thresholded map (what cv2.findContours traces as outer borders; hole
 * contours are ignored) and each box is the component's axis-aligned rectangle instead of
 * cv2.minAreaRect's rotated one. With an axis-aligned rectangle, pyclipper's rounded offset
 * followed by minAreaRect is exactly the rectangle grown by the unclip distance on each side.
 */

export interface DbOptions {
  thresh: number;
  boxThresh: number;
  unclipRatio: number;
  maxCandidates: number;
}

export const DB_DEFAULTS: DbOptions = { thresh: 0.3, boxThresh: 0.6, unclipRatio: 1.5, maxCandidates: 1000 };
const MIN_SIZE = 3;

export interface ScoredBox {
  /** Pixels of the original image. */
  x: number;
  y: number;
  w: number;
  h: number;
  /** Mean text probability inside the box on the model's map (box_score_fast). */
  score: number;
}

interface Component {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Bounding rectangles (pixel-centre coordinates, inclusive) of 8-connected regions where prob > thresh. */
export function components(prob: Float32Array, width: number, height: number, thresh: number): Component[] {
  const label = new Int32Array(width * height).fill(-1);
  const stack = new Int32Array(width * height);
  const out: Component[] = [];
  for (let start = 0; start < width * height; start++) {
    if (label[start] !== -1 || !(prob[start]! > thresh)) continue;
    const id = out.length;
    const c = { x0: width, y0: height, x1: -1, y1: -1 };
    let top = 0;
    stack[top++] = start;
    label[start] = id;
    while (top > 0) {
      const p = stack[--top]!;
      const px = p % width;
      const py = (p - px) / width;
      if (px < c.x0) c.x0 = px;
      if (px > c.x1) c.x1 = px;
      if (py < c.y0) c.y0 = py;
      if (py > c.y1) c.y1 = py;
      for (let dy = -1; dy <= 1; dy++) {
        const ny = py + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const nx = px + dx;
          if (nx < 0 || nx >= width) continue;
          const q = ny * width + nx;
          if (label[q] === -1 && prob[q]! > thresh) {
            label[q] = id;
            stack[top++] = q;
          }
        }
      }
    }
    out.push(c);
  }
  return out;
}

/** box_score_fast for an axis-aligned box: the mean probability over its inclusive pixel rectangle. */
function meanInside(prob: Float32Array, width: number, c: Component): number {
  let sum = 0;
  for (let y = c.y0; y <= c.y1; y++) for (let x = c.x0; x <= c.x1; x++) sum += prob[y * width + x]!;
  return sum / ((c.x1 - c.x0 + 1) * (c.y1 - c.y0 + 1));
}

/** np.round: half to even, so edges landing on .5 go where PaddleOCR puts them. */
function npRound(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Probability map of size mapWidth × mapHeight → scored boxes in a destWidth × destHeight image. */
export default function dbPostprocess(prob: Float32Array, mapWidth: number, mapHeight: number, destWidth: number, destHeight: number, opts: DbOptions = DB_DEFAULTS): ScoredBox[] {
  const boxes: ScoredBox[] = [];
  for (const c of components(prob, mapWidth, mapHeight, opts.thresh).slice(0, opts.maxCandidates)) {
    const w = c.x1 - c.x0;
    const h = c.y1 - c.y0;
    if (Math.min(w, h) < MIN_SIZE) continue;
    const score = meanInside(prob, mapWidth, c);
    if (opts.boxThresh > score) continue;
    // unclip: offset the polygon outwards by area × ratio / perimeter.
    const d = (w * h * opts.unclipRatio) / (2 * (w + h));
    if (Math.min(w, h) + 2 * d < MIN_SIZE + 2) continue;
    const sx = (v: number): number => Math.min(destWidth, Math.max(0, npRound((v / mapWidth) * destWidth)));
    const sy = (v: number): number => Math.min(destHeight, Math.max(0, npRound((v / mapHeight) * destHeight)));
    const x0 = sx(c.x0 - d);
    const x1 = sx(c.x1 + d);
    const y0 = sy(c.y0 - d);
    const y1 = sy(c.y1 + d);
    boxes.push({ x: x0, y: y0, w: x1 - x0, h: y1 - y0, score: Math.round(score * 1e4) / 1e4 });
  }
  return boxes;
}
