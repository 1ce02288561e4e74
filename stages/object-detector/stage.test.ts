import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeBlankImage, makeTextImage } from '../ml-testdata/image.ts';
import serveForTest, { TEST_BUCKET, type TestStage } from '../ml-testdata/serve-for-test.ts';
import { objectDetectorStage } from './stage.ts';

let dir: string;
let t: TestStage;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fave-detector-stage-'));
  const text = await makeTextImage({ dir, text: 'HELLO', width: 320, height: 240, fontSize: 48 });
  const blank = await makeBlankImage({ dir, width: 320, height: 240 });
  t = await serveForTest(objectDetectorStage);
  t.store.objects.set('requests/r3/ffmpeg-3/clip-0/frame-0.png', await readFile(text.path));
  t.store.objects.set('requests/r3/ffmpeg-3/clip-0/frame-1.png', await readFile(blank.path));
  t.store.objects.set('requests/r3/ffmpeg-3/clip-0/frame-2.png', Buffer.from('no pixels here'));
});
afterAll(async () => {
  await t.stage.close();
  await rm(dir, { recursive: true, force: true });
});

const frame = (i: number): string => `s3://${TEST_BUCKET}/requests/r3/ffmpeg-3/clip-0/frame-${i}.png`;

describe('object-detector stage', () => {
  it('handler loads the model in its first call, then writes boxes for each frame', async () => {
    const first = await t.call({ requestId: 'r3', clipIndex: 0, frameIndex: 0, frame: frame(0) });
    expect(first.status).toBe(200);
    expect(first.json.modelLoadMs).toEqual(expect.any(Number));
    expect((first.json.metrics as { firstCall: boolean }).firstCall).toBe(true);
    expect(first.json.boxesUri).toBe(`s3://${TEST_BUCKET}/requests/r3/object-detector/clip-000/frame-00000.json`);
    const written = t.store.json('requests/r3/object-detector/clip-000/frame-00000.json') as { boxes: Array<{ text: string; confidence: number }>; standIn: string; width: number };
    // The text in the box is read, and the answer carries the same boxes as the artifact.
    expect(written.boxes.map((b) => b.text)).toEqual(['HELLO']);
    expect(written.boxes[0]!.confidence).toBeGreaterThan(0.9);
    expect(first.json.boxes).toEqual(written.boxes);
    expect(first.json.recogniserLoadMs).toEqual(expect.any(Number));
    expect(written.standIn).toMatch(/object detector/);
    expect(written.width).toBe(320);

    const blank = await t.call({ requestId: 'r3', clipIndex: 0, frameIndex: 1, frame: frame(1) });
    expect(blank.json.modelLoadMs).toBeNull();
    expect(blank.json.boxes).toEqual([]);
  });

  it('handler maps an undecodable frame to corrupt-media and a bad frameIndex to bad-input', async () => {
    const corrupt = await t.call({ requestId: 'r3', clipIndex: 0, frameIndex: 2, frame: frame(2) });
    expect((corrupt.json.error as { cause: string }).cause).toBe('corrupt-media');
    const bad = await t.call({ requestId: 'r3', clipIndex: 0, frameIndex: -1, frame: frame(0) });
    expect((bad.json.error as { cause: string }).cause).toBe('bad-input');
  });
});
