import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Box, type TestImage, makeBlankImage, makeTextImage } from '../ml-testdata/image.ts';
import detectObjects, { MODEL } from './detect-objects.ts';
import { DetectorOptionsError, ImageInputError } from './errors.ts';
import loadImageRgb, { parsePpm } from './load-image.ts';

let dir: string;
let text: TestImage;
let blank: TestImage;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fave-detector-'));
  text = await makeTextImage({ dir, text: 'FAVE 42', width: 640, height: 360, fontSize: 64 });
  blank = await makeBlankImage({ dir, width: 640, height: 360 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function iou(a: Box, b: Box): number {
  const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
  const inter = Math.max(0, w) * Math.max(0, h);
  return inter / (a.w * a.h + b.w * b.h - inter);
}

describe('detectObjects', () => {
  it('detectObjects loads the model on its first call only, then finds the printed text', async () => {
    const img = await loadImageRgb(text.path);
    const first = await detectObjects(img.rgb, img.width, img.height);
    expect(first.model).toBe(MODEL);
    expect(first.standIn).toMatch(/stands in for .*object detector/);
    expect(first.modelLoadMs).not.toBeNull();
    expect(first.inputSize).toEqual({ width: 640, height: 352 });
    const best = Math.max(...first.boxes.map((b) => iou(b, text.inkBox!)));
    expect(best).toBeGreaterThan(0.5);
    for (const b of first.boxes) expect(b.score).toBeGreaterThanOrEqual(0.6);
    const again = await detectObjects(img.rgb, img.width, img.height);
    expect(again.modelLoadMs).toBeNull();
    expect(again.boxes).toEqual(first.boxes);
  });

  it('detectObjects finds nothing on a blank image', async () => {
    const img = await loadImageRgb(blank.path);
    expect((await detectObjects(img.rgb, img.width, img.height)).boxes).toEqual([]);
  });

  it('detectObjects shrinks a large image to the side limit and still maps boxes to full size', async () => {
    const big = await makeTextImage({ dir, text: 'FAVE 42', width: 1920, height: 1080, fontSize: 160, name: 'big.png' });
    const img = await loadImageRgb(big.path);
    const result = await detectObjects(img.rgb, img.width, img.height);
    expect(result.inputSize).toEqual({ width: 960, height: 544 });
    expect(Math.max(...result.boxes.map((b) => iou(b, big.inkBox!)))).toBeGreaterThan(0.5);
  });

  it('detectObjects rejects a pixel buffer that does not match its size', async () => {
    await expect(detectObjects(new Uint8Array(10), 4, 4)).rejects.toBeInstanceOf(ImageInputError);
    await expect(detectObjects(new Uint8Array(0), 0, 0)).rejects.toThrow(/not a positive integer size/);
  });

  it.each([
    [{ limitSideLen: 16 }, /limitSideLen must be at least 32/],
    [{ thresh: 1.5 }, /thresh must be in \[0, 1\)/],
    [{ maxCandidates: 0.5 }, /maxCandidates must be a positive integer/],
  ])('detectObjects rejects options %j with a DetectorOptionsError', async (opts, message) => {
    const call = detectObjects(new Uint8Array(32 * 32 * 3), 32, 32, opts);
    await expect(call).rejects.toBeInstanceOf(DetectorOptionsError);
    await expect(detectObjects(new Uint8Array(32 * 32 * 3), 32, 32, opts)).rejects.toThrow(message);
  });
});

describe('loadImageRgb', () => {
  it('loadImageRgb decodes a PNG into rgb24 of the right size', async () => {
    const img = await loadImageRgb(blank.path);
    expect([img.width, img.height, img.rgb.length]).toEqual([640, 360, 640 * 360 * 3]);
    expect(img.rgb.every((v) => v === 255)).toBe(true);
  });

  it('loadImageRgb reports a missing file and an undecodable one as ImageInputError', async () => {
    await expect(loadImageRgb(join(dir, 'none.png'))).rejects.toThrow(/none\.png: cannot read file \(ENOENT\)/);
    const junk = join(dir, 'junk.png');
    await writeFile(junk, 'definitely not a png');
    await expect(loadImageRgb(junk)).rejects.toThrow(/junk\.png: ffmpeg cannot decode it/);
  });

  it('parsePpm rejects text and short PPM data', () => {
    expect(() => parsePpm(Buffer.from('hello'))).toThrow(/not a binary PPM/);
    expect(() => parsePpm(Buffer.from('P6\n2 2\n255\n\x00\x00'))).toThrow(/2×2 needs 12/);
  });
});
