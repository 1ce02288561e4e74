import { extname, join } from 'node:path';
import { clipTag, frameTag } from '../runtime/names.ts';
import { StageError, expectNumber, expectRecord, expectS3Uri, parseS3Uri, type StageContext } from '../runtime/index.ts';
import detectObjects from './detect-objects.ts';
import { ImageInputError } from './errors.ts';
import loadImageRgb from './load-image.ts';
import recogniseBoxes, { REC_MODEL } from './recognise-text.ts';

/**
 * `{requestId, clipIndex, frameIndex, frame: 's3://…'}` → text boxes, each with the text read in it, also written as
 * `clip-003/frame-00004.json` (the names of state.json's call keys). No init: the ONNX session is created inside the first call,
 * which is this stage's first-call penalty.
 */
export async function handler(input: unknown, ctx: StageContext): Promise<object> {
  const body = expectRecord(input);
  const clipIndex = expectNumber(body, 'clipIndex', { integer: true, min: 0 });
  const frameIndex = expectNumber(body, 'frameIndex', { integer: true, min: 0 });
  const frame = expectS3Uri(body, 'frame');
  // Keep the extension as a hint for humans reading temp dirs; ffmpeg probes the content anyway.
  const local = join(ctx.tempDir, `frame${extname(parseS3Uri(frame).key) || '.img'}`);
  await ctx.phase('download', () => ctx.download(frame, local));
  const detection = await ctx.phase('compute', async () => {
    try {
      const img = await loadImageRgb(local);
      const found = await detectObjects(img.rgb, img.width, img.height);
      const read = await recogniseBoxes(img.rgb, img.width, img.height, found.boxes);
      return {
        ...found, boxes: read.boxes, recogniser: REC_MODEL, recogniserLoadMs: read.modelLoadMs,
        width: img.width, height: img.height, decoder: img.decoder,
      };
    } catch (err) {
      if (err instanceof ImageInputError) throw new StageError('corrupt-media', `${frame}: ${err.reason}`, { cause: err });
      throw err;
    }
  });
  const doc = { requestId: ctx.requestId, clipIndex, frameIndex, source: frame, ...detection };
  const uri = await ctx.phase('upload', () => ctx.putJson(`${clipTag(clipIndex)}/${frameTag(frameIndex)}.json`, doc));
  return {
    boxes: detection.boxes, boxesUri: uri, clipIndex, frameIndex, model: detection.model, recogniser: detection.recogniser,
    standIn: detection.standIn, modelLoadMs: detection.modelLoadMs, recogniserLoadMs: detection.recogniserLoadMs,
  };
}

export const objectDetectorStage = { name: 'object-detector', handler };
