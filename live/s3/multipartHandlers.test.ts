import { createHash, randomBytes } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  UploadPartCommand,
  type GetObjectCommandInput,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, getBytes, keyOf, md5, putText, startS3TestTarget, type S3TestTarget } from './s3TestTarget.ts';

let t: S3TestTarget;
beforeAll(async () => {
  t = await startS3TestTarget();
});
afterAll(async () => t?.close());

const key = (name: string) => keyOf(t, name);
const put = (name: string, body: PutObjectCommandInput['Body'], extra: Partial<PutObjectCommandInput> = {}) => putText(t, name, body, extra);
const get = (name: string, extra: Partial<GetObjectCommandInput> = {}) => getBytes(t, name, extra);

describe('multipart uploads through @aws-sdk/client-s3', () => {
  it('CompleteMultipartUpload joins parts byte-exactly with a -N ETag', async () => {
    const parts = [randomBytes(5 * 1024 * 1024), randomBytes(1024 * 1024 + 17)];
    const { UploadId } = await t.client.send(
      new CreateMultipartUploadCommand({ Bucket: t.bucket, Key: key('multi.bin'), ContentType: 'video/mp4', Metadata: { kind: 'clip' } }),
    );
    const etags = [];
    for (const [i, part] of parts.entries()) {
      const { ETag } = await t.client.send(
        new UploadPartCommand({ Bucket: t.bucket, Key: key('multi.bin'), UploadId, PartNumber: i + 1, Body: part }),
      );
      expect(ETag).toBe(`"${md5(part)}"`);
      etags.push({ PartNumber: i + 1, ETag });
    }
    const done = await t.client.send(
      new CompleteMultipartUploadCommand({ Bucket: t.bucket, Key: key('multi.bin'), UploadId, MultipartUpload: { Parts: etags } }),
    );
    const expectedEtag = createHash('md5').update(Buffer.concat(parts.map((p) => createHash('md5').update(p).digest()))).digest('hex');
    expect(done.ETag).toBe(`"${expectedEtag}-2"`);
    const { out, body } = await get('multi.bin');
    expect(body.equals(Buffer.concat(parts))).toBe(true);
    expect(out.ContentType).toBe('video/mp4');
    expect(out.Metadata).toEqual({ kind: 'clip' });
  });

  it('CompleteMultipartUpload with If-None-Match: * fails when the key exists', async () => {
    await put('multi-cond.bin', 'exists');
    const { UploadId } = await t.client.send(new CreateMultipartUploadCommand({ Bucket: t.bucket, Key: key('multi-cond.bin') }));
    const { ETag } = await t.client.send(
      new UploadPartCommand({ Bucket: t.bucket, Key: key('multi-cond.bin'), UploadId, PartNumber: 1, Body: 'small last part' }),
    );
    const complete = new CompleteMultipartUploadCommand({
      Bucket: t.bucket, Key: key('multi-cond.bin'), UploadId, IfNoneMatch: '*', MultipartUpload: { Parts: [{ PartNumber: 1, ETag }] },
    });
    expect(await failure(t.client.send(complete))).toEqual({ name: 'PreconditionFailed', status: 412 });
    expect((await get('multi-cond.bin')).body.toString()).toBe('exists');
    await t.client.send(new AbortMultipartUploadCommand({ Bucket: t.bucket, Key: key('multi-cond.bin'), UploadId }));
  });

  it('AbortMultipartUpload discards the upload so later parts fail with NoSuchUpload', async () => {
    const { UploadId } = await t.client.send(new CreateMultipartUploadCommand({ Bucket: t.bucket, Key: key('aborted.bin') }));
    await t.client.send(new AbortMultipartUploadCommand({ Bucket: t.bucket, Key: key('aborted.bin'), UploadId }));
    const part = new UploadPartCommand({ Bucket: t.bucket, Key: key('aborted.bin'), UploadId, PartNumber: 1, Body: 'x' });
    expect(await failure(t.client.send(part))).toEqual({ name: 'NoSuchUpload', status: 404 });
  });
});
