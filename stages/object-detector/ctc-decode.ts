/**
 * CTC greedy decoding as PaddleOCR's CTCLabelDecode (ppocr/postprocess/rec_postprocess.py):
 * take the most probable class at each time step, merge runs of the same class, drop the
 * blank (class 0). The confidence is the mean of the kept steps' probabilities (Paddle's
 * `np.mean(conf_list)`), 0 when nothing is kept.
 */
export interface DecodedText {
  text: string;
  confidence: number;
}

/** `probs`: T × C row-major softmax output; `labels[c]` is class c's text (labels[0] is the blank). */
export default function ctcGreedyDecode(probs: ArrayLike<number>, steps: number, classes: number, labels: readonly string[]): DecodedText {
  if (!Number.isInteger(steps) || !Number.isInteger(classes) || steps < 0 || classes < 1) {
    throw new RangeError(`ctcGreedyDecode: ${steps} steps × ${classes} classes is not a shape`);
  }
  if (probs.length !== steps * classes) throw new RangeError(`ctcGreedyDecode: ${probs.length} values, ${steps} × ${classes} needs ${steps * classes}`);
  if (labels.length !== classes) throw new RangeError(`ctcGreedyDecode: ${labels.length} labels for ${classes} classes`);
  let text = '';
  let sum = 0;
  let kept = 0;
  let previous = -1;
  for (let t = 0; t < steps; t++) {
    let best = 0;
    let bestP = -Infinity;
    for (let c = 0; c < classes; c++) {
      const p = probs[t * classes + c]!;
      // NaN never wins: a broken output decodes to blanks rather than to arbitrary characters.
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (best !== 0 && best !== previous) {
      text += labels[best];
      sum += bestP;
      kept += 1;
    }
    previous = best;
  }
  return { text, confidence: kept === 0 ? 0 : sum / kept };
}
