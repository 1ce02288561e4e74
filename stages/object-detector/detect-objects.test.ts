import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ffmpeg from '@ffmpeg-installer/ffmpeg';
import fc from 'fast-check';
import { PNG } from 'pngjs';
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
  it('loadImageRgb decodes a PNG into rgb24 of the right size, in process', async () => {
    const img = await loadImageRgb(blank.path);
    expect([img.width, img.height, img.rgb.length, img.decoder]).toEqual([640, 360, 640 * 360 * 3, 'pngjs']);
    expect(img.rgb.every((v) => v === 255)).toBe(true);
  });

  it('loadImageRgb decodes a JPEG in process to within 1 level of ffmpeg, and anything else through ffmpeg', async () => {
    const jpg = join(dir, 'text.jpg');
    execFileSync(ffmpeg.path, ['-loglevel', 'error', '-y', '-i', text.path, '-q:v', '3', jpg]);
    const mine = await loadImageRgb(jpg);
    expect(mine.decoder).toBe('jpeg-js');
    const bmp = join(dir, 'text.bmp');
    execFileSync(ffmpeg.path, ['-loglevel', 'error', '-y', '-i', jpg, bmp]);
    // BMP is lossless: ffmpeg's decode of it is ffmpeg's decode of the JPEG.
    const theirs = await loadImageRgb(bmp);
    expect(theirs.decoder).toBe('ffmpeg');
    expect([mine.width, mine.height]).toEqual([theirs.width, theirs.height]);
    let worst = 0;
    for (let i = 0; i < mine.rgb.length; i++) worst = Math.max(worst, Math.abs(mine.rgb[i]! - theirs.rgb[i]!));
    expect(worst).toBeLessThanOrEqual(1);
  });

  it('loadImageRgb drops a PNG\'s alpha channel rather than blending it', async () => {
    const png = new PNG({ width: 2, height: 1 });
    png.data.set([10, 20, 30, 0, 200, 100, 50, 255]);
    const path = join(dir, 'alpha.png');
    await writeFile(path, PNG.sync.write(png));
    expect([...(await loadImageRgb(path)).rgb]).toEqual([10, 20, 30, 200, 100, 50]);
  });

  it('loadImageRgb reports a truncated JPEG or PNG as ImageInputError naming the format', async () => {
    const jpg = join(dir, 'text.jpg');
    const cut = join(dir, 'cut.jpg');
    await writeFile(cut, (await readFile(jpg)).subarray(0, 200));
    await expect(loadImageRgb(cut)).rejects.toThrow(/cut\.jpg: not a decodable JPEG/);
    const cutPng = join(dir, 'cut.png');
    await writeFile(cutPng, (await readFile(blank.path)).subarray(0, 40));
    await expect(loadImageRgb(cutPng)).rejects.toThrow(/cut\.png: not a decodable PNG/);
  });

  it('loadImageRgb on random bytes behind a JPEG, PNG or PPM signature returns a consistent image or an ImageInputError', async () => {
    const signatures = [[0xff, 0xd8, 0xff], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0x50, 0x36, 0x0a]];
    const path = join(dir, 'fuzz.img');
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...signatures), fc.uint8Array({ maxLength: 400 }), async (signature, rest) => {
        await writeFile(path, Buffer.concat([Buffer.from(signature), rest]));
        try {
          const img = await loadImageRgb(path);
          expect(img.rgb.length).toBe(img.width * img.height * 3);
        } catch (err) {
          expect(err).toBeInstanceOf(ImageInputError);
        }
      }),
      { numRuns: 150 },
    );
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
