import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkInput, prepareInput } from './request-input.ts';
import { UsageError } from '../../sim/process/errors.ts';

const work = mkdtempSync(path.join(tmpdir(), 'fave-live-input-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const noDefault = async (): Promise<string> => {
  throw new Error('default video asked for');
};

describe('checkInput and prepareInput', () => {
  it('checkInput takes an s3:// video as it is and prepareInput sends {requestId, video, options}', async () => {
    const input = await checkInput({ target: 'pipeline', video: 's3://fave/inputs/a.mp4', options: { fanout: 'parallel' } }, noDefault);
    const body = await prepareInput(input, undefined);
    expect(JSON.parse(body('r-1'))).toEqual({ requestId: 'r-1', video: 's3://fave/inputs/a.mp4', options: { fanout: 'parallel' } });
  });

  it('checkInput asks for the default video only when none is given', async () => {
    const file = path.join(work, 'v.mp4');
    writeFileSync(file, 'x');
    const input = await checkInput({ target: 'ffmpeg-0', options: { fanout: 'sequential' } }, async () => file);
    expect(input.localVideo).toBe(file);
  });

  it('prepareInput sets the requestId of a --body template for other targets', async () => {
    const file = path.join(work, 'body.json');
    writeFileSync(file, JSON.stringify({ audio: 's3://fave/x.wav', requestId: 'old' }));
    const body = await prepareInput(await checkInput({ target: 'librosa', body: file, options: {} }, noDefault), undefined);
    expect(JSON.parse(body('r-2'))).toEqual({ audio: 's3://fave/x.wav', requestId: 'r-2' });
  });

  it.each([
    [{ target: 'librosa' }, "--body: the target 'librosa' needs a request body"],
    [{ target: 'librosa', video: 'a.mp4' }, "--video: the target 'librosa' does not take a video"],
    [{ target: 'pipeline', video: '/no/such.mp4' }, '--video /no/such.mp4: no such file'],
    [{ target: 'pipeline', video: 's3://bucket-only' }, '--video s3://bucket-only: expected s3://<bucket>/<key>'],
    [{ target: 'librosa', body: '/no/body.json' }, '--body /no/body.json: ENOENT'],
  ])('checkInput refuses %j', async (spec, message) => {
    const error = await checkInput({ options: {}, ...spec }, noDefault).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toContain(message);
  });

  it('prepareInput refuses to upload a local video without S3 access', async () => {
    const file = path.join(work, 'w.mp4');
    writeFileSync(file, 'x');
    await expect(prepareInput(await checkInput({ target: 'pipeline', video: file, options: {} }, noDefault), undefined)).rejects.toThrow('needs S3_ENDPOINT');
  });
});
