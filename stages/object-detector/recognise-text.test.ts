import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureFixtures, type FixtureManifest } from '../fixtures/generate.ts';
import { runFfmpeg } from '../runtime/ffmpeg.ts';
import detectObjects from './detect-objects.ts';
import loadImageRgb, { type RgbImage } from './load-image.ts';
import recogniseBoxes from './recognise-text.ts';

let fx: FixtureManifest;
let dir: string;
beforeAll(async () => {
  fx = await ensureFixtures();
  dir = await mkdtemp(join(tmpdir(), 'fave-rec-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** The fixture's picture at `seconds` (10 fps from 0: decoded frame 10·seconds), as the pipeline's JPEG frames are decoded. */
async function fixtureFrame(seconds: number): Promise<RgbImage> {
  const path = join(dir, `at-${seconds}.jpg`);
  await runFfmpeg(['-i', fx.speech, '-vf', `select='eq(n\\,${Math.round(seconds * 10)})'`, '-vsync', 'vfr', '-frames:v', '1', '-q:v', '3', path], { timeoutMs: 60_000 });
  return loadImageRgb(path);
}

async function read(img: RgbImage) {
  const found = await detectObjects(img.rgb, img.width, img.height);
  return (await recogniseBoxes(img.rgb, img.width, img.height, found.boxes)).boxes;
}

describe('recogniseBoxes', () => {
  it('recogniseBoxes reads the caption, header and clock the fixture generator draws at 8.3 s', async () => {
    const boxes = await read(await fixtureFrame(8.3));
    // Top to bottom: the header (PP-OCRv4 drops the spaces between its words), the caption, the clock.
    expect(boxes.map((b) => b.text)).toEqual(['FAVETESTVIDEO', 'SERVERLESS', '00:00:08.300']);
    for (const b of boxes) expect(b.confidence, b.text).toBeGreaterThan(0.95);
  });

  it('recogniseBoxes reads nothing where the detector found nothing, and an empty string for a box off the image', async () => {
    const img = await fixtureFrame(0);
    expect((await recogniseBoxes(img.rgb, img.width, img.height, [])).boxes).toEqual([]);
    const off = { x: 700, y: 10, w: 50, h: 20, score: 0.9 };
    expect((await recogniseBoxes(img.rgb, img.width, img.height, [off])).boxes).toEqual([{ ...off, text: '', confidence: 0 }]);
  });
});
