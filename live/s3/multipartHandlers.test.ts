import { createHash, randomBytes } from 'node:crypto';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectAttributesCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
  type CompletedPart,
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

  /** Uploads `parts` to a new upload of `name` (options on Create and on every UploadPart). */
  async function upload(
    name: string,
    parts: Buffer[],
    create: Partial<ConstructorParameters<typeof CreateMultipartUploadCommand>[0]> = {},
    part: Partial<ConstructorParameters<typeof UploadPartCommand>[0]> = {},
  ) {
    const created = await t.client.send(new CreateMultipartUploadCommand({ Bucket: t.bucket, Key: key(name), ...create }));
    const done: CompletedPart[] = [];
    for (const [i, body] of parts.entries()) {
      const out = await t.client.send(
        new UploadPartCommand({ Bucket: t.bucket, Key: key(name), UploadId: created.UploadId, PartNumber: i + 1, Body: body, ...part }),
      );
      done.push({ PartNumber: i + 1, ETag: out.ETag, ChecksumSHA256: out.ChecksumSHA256, ChecksumCRC64NVME: out.ChecksumCRC64NVME });
    }
    return { created, UploadId: created.UploadId!, parts: done };
  }

  it('CompleteMultipartUpload retried after it succeeded answers 200 with the same ETag; another part list gets NoSuchUpload', async () => {
    // An SDK retry after a lost response must not turn the success into a failure (S3 answers 200 again).
    const { UploadId, parts } = await upload('retried.bin', [randomBytes(5 * 1024 * 1024), Buffer.from('tail')]);
    const complete = () =>
      t.client.send(new CompleteMultipartUploadCommand({ Bucket: t.bucket, Key: key('retried.bin'), UploadId, MultipartUpload: { Parts: parts } }));
    const first = await complete();
    const again = await complete();
    expect(again.ETag).toBe(first.ETag);
    expect(again.$metadata.httpStatusCode).toBe(200);
    const other = new CompleteMultipartUploadCommand({
      Bucket: t.bucket, Key: key('retried.bin'), UploadId, MultipartUpload: { Parts: parts.slice(0, 1) },
    });
    expect(await failure(t.client.send(other))).toEqual({ name: 'NoSuchUpload', status: 404 });
    const late = new UploadPartCommand({ Bucket: t.bucket, Key: key('retried.bin'), UploadId, PartNumber: 3, Body: 'x' });
    expect(await failure(t.client.send(late))).toEqual({ name: 'NoSuchUpload', status: 404 });
  });

  it('a SHA256 multipart upload gets the COMPOSITE checksum of its parts (-N), on Complete and on HEAD/GET with ChecksumMode', async () => {
    const bodies = [randomBytes(5 * 1024 * 1024), randomBytes(3000)];
    const { created, UploadId, parts } = await upload('composite.bin', bodies, { ChecksumAlgorithm: 'SHA256' }, { ChecksumAlgorithm: 'SHA256' });
    expect(created.ChecksumAlgorithm).toBe('SHA256');
    expect(created.ChecksumType).toBe('COMPOSITE');
    const partDigests = bodies.map((b) => createHash('sha256').update(b).digest());
    expect(parts.map((p) => p.ChecksumSHA256)).toEqual(partDigests.map((d) => d.toString('base64')));
    const composite = `${createHash('sha256').update(Buffer.concat(partDigests)).digest('base64')}-2`;
    const wrong = new CompleteMultipartUploadCommand({
      Bucket: t.bucket, Key: key('composite.bin'), UploadId, ChecksumSHA256: createHash('sha256').update('x').digest('base64'),
      MultipartUpload: { Parts: parts },
    });
    expect(await failure(t.client.send(wrong))).toEqual({ name: 'BadDigest', status: 400 });
    const done = await t.client.send(
      new CompleteMultipartUploadCommand({ Bucket: t.bucket, Key: key('composite.bin'), UploadId, MultipartUpload: { Parts: parts } }),
    );
    expect([done.ChecksumSHA256, done.ChecksumType]).toEqual([composite, 'COMPOSITE']);
    const head = await t.client.send(new HeadObjectCommand({ Bucket: t.bucket, Key: key('composite.bin'), ChecksumMode: 'ENABLED' }));
    expect([head.ChecksumSHA256, head.ChecksumType]).toEqual([composite, 'COMPOSITE']);
    const plain = await t.client.send(new HeadObjectCommand({ Bucket: t.bucket, Key: key('composite.bin') }));
    expect(plain.ChecksumSHA256).toBeUndefined();
    const { out, body } = await get('composite.bin', { ChecksumMode: 'ENABLED' });
    expect(out.ChecksumSHA256).toBe(composite);
    expect(body.equals(Buffer.concat(bodies))).toBe(true);
  });

  it('GetObjectAttributes gives the ETag unquoted, the COMPOSITE checksum, size and pages of parts with their checksums', async () => {
    const bodies = [randomBytes(5 * 1024 * 1024), randomBytes(1234)];
    const { UploadId, parts } = await upload('attrs.bin', bodies, { ChecksumAlgorithm: 'SHA256' }, { ChecksumAlgorithm: 'SHA256' });
    const done = await t.client.send(
      new CompleteMultipartUploadCommand({ Bucket: t.bucket, Key: key('attrs.bin'), UploadId, MultipartUpload: { Parts: parts } }),
    );
    const attributes = (extra: { MaxParts?: number; PartNumberMarker?: string } = {}, name = 'attrs.bin') =>
      t.client.send(
        new GetObjectAttributesCommand({
          Bucket: t.bucket, Key: key(name), ObjectAttributes: ['ETag', 'Checksum', 'ObjectParts', 'ObjectSize', 'StorageClass'], ...extra,
        }),
      );
    const first = await attributes({ MaxParts: 1 });
    expect(first.ETag).toBe(done.ETag!.replace(/"/g, ''));
    expect(first.Checksum).toEqual({ ChecksumSHA256: done.ChecksumSHA256, ChecksumType: 'COMPOSITE' });
    expect([first.ObjectSize, first.StorageClass]).toEqual([bodies[0]!.length + bodies[1]!.length, 'STANDARD']);
    expect(first.ObjectParts).toMatchObject({ TotalPartsCount: 2, IsTruncated: true, NextPartNumberMarker: '1', MaxParts: 1 });
    expect(first.ObjectParts?.Parts).toEqual([{ PartNumber: 1, Size: bodies[0]!.length, ChecksumSHA256: parts[0]!.ChecksumSHA256 }]);
    const second = await attributes({ PartNumberMarker: '1' });
    expect(second.ObjectParts?.Parts).toEqual([{ PartNumber: 2, Size: 1234, ChecksumSHA256: parts[1]!.ChecksumSHA256 }]);
    expect(second.ObjectParts?.IsTruncated).toBe(false);
    await put('attrs-plain.txt', 'plain');
    const plain = await attributes({}, 'attrs-plain.txt');
    expect([plain.ETag, plain.ObjectSize, plain.ObjectParts]).toEqual([md5('plain'), 5, undefined]);
    const unknown = new GetObjectAttributesCommand({ Bucket: t.bucket, Key: key('attrs.bin'), ObjectAttributes: ['Colour' as 'ETag'] });
    expect(await failure(t.client.send(unknown))).toEqual({ name: 'InvalidArgument', status: 400 });
    expect(await failure(attributes({}, 'attrs-missing.bin'))).toMatchObject({ status: 404 });
  });

  it('a CRC64NVME multipart upload gets the FULL_OBJECT checksum, the same a single PutObject of those bytes gets', async () => {
    const bodies = [randomBytes(5 * 1024 * 1024), randomBytes(777)];
    const { created, UploadId, parts } = await upload('full.bin', bodies, { ChecksumAlgorithm: 'CRC64NVME' }, { ChecksumAlgorithm: 'CRC64NVME' });
    expect([created.ChecksumAlgorithm, created.ChecksumType]).toEqual(['CRC64NVME', 'FULL_OBJECT']);
    const done = await t.client.send(
      new CompleteMultipartUploadCommand({ Bucket: t.bucket, Key: key('full.bin'), UploadId, MultipartUpload: { Parts: parts } }),
    );
    // The SDK computes the single PUT's CRC64NVME itself and the server verifies it.
    const single = await t.client.send(
      new PutObjectCommand({ Bucket: t.bucket, Key: key('full-single.bin'), Body: Buffer.concat(bodies), ChecksumAlgorithm: 'CRC64NVME' }),
    );
    expect(single.ChecksumCRC64NVME).toBeDefined();
    expect([done.ChecksumCRC64NVME, done.ChecksumType]).toEqual([single.ChecksumCRC64NVME, 'FULL_OBJECT']);
    const head = await t.client.send(new HeadObjectCommand({ Bucket: t.bucket, Key: key('full.bin'), ChecksumMode: 'ENABLED' }));
    expect([head.ChecksumCRC64NVME, head.ChecksumType]).toEqual([single.ChecksumCRC64NVME, 'FULL_OBJECT']);
  });

  it('GetObject and HeadObject with PartNumber serve one part and PartsCount; part 1 of a plain object is all of it', async () => {
    const bodies = [randomBytes(5 * 1024 * 1024), Buffer.from('second part')];
    const { UploadId, parts } = await upload('parts.bin', bodies);
    const done = await t.client.send(
      new CompleteMultipartUploadCommand({ Bucket: t.bucket, Key: key('parts.bin'), UploadId, MultipartUpload: { Parts: parts } }),
    );
    const second = await get('parts.bin', { PartNumber: 2 });
    expect(second.body.toString()).toBe('second part');
    expect([second.out.PartsCount, second.out.ETag, second.out.ContentRange]).toEqual([
      2, done.ETag, `bytes ${bodies[0]!.length}-${bodies[0]!.length + 10}/${bodies[0]!.length + 11}`,
    ]);
    const head = await t.client.send(new HeadObjectCommand({ Bucket: t.bucket, Key: key('parts.bin'), PartNumber: 1 }));
    expect([head.PartsCount, head.ContentLength]).toEqual([2, 5 * 1024 * 1024]);
    expect(await failure(get('parts.bin', { PartNumber: 3 }))).toMatchObject({ status: 400 });
    await put('plain.txt', 'whole');
    expect((await get('plain.txt', { PartNumber: 1 })).body.toString()).toBe('whole');
    expect(await failure(get('plain.txt', { PartNumber: 2 }))).toMatchObject({ status: 400 });
  });

  it('ListParts and ListMultipartUploads show an upload in progress, and not once it is aborted', async () => {
    const { UploadId } = await upload('listed.bin', [randomBytes(5 * 1024 * 1024), Buffer.from('end')]);
    const listed = await t.client.send(new ListPartsCommand({ Bucket: t.bucket, Key: key('listed.bin'), UploadId }));
    expect(listed.Parts?.map((p) => [p.PartNumber, p.Size])).toEqual([[1, 5 * 1024 * 1024], [2, 3]]);
    const paged = await t.client.send(new ListPartsCommand({ Bucket: t.bucket, Key: key('listed.bin'), UploadId, MaxParts: 1 }));
    expect([paged.Parts?.length, paged.IsTruncated, paged.NextPartNumberMarker]).toEqual([1, true, '1']);
    const uploads = await t.client.send(new ListMultipartUploadsCommand({ Bucket: t.bucket, Prefix: key('listed') }));
    expect(uploads.Uploads?.map((u) => [u.Key, u.UploadId])).toEqual([[key('listed.bin'), UploadId]]);
    await t.client.send(new AbortMultipartUploadCommand({ Bucket: t.bucket, Key: key('listed.bin'), UploadId }));
    const after = await t.client.send(new ListMultipartUploadsCommand({ Bucket: t.bucket, Prefix: key('listed') }));
    expect(after.Uploads ?? []).toEqual([]);
    expect(await failure(t.client.send(new ListPartsCommand({ Bucket: t.bucket, Key: key('listed.bin'), UploadId })))).toEqual({
      name: 'NoSuchUpload',
      status: 404,
    });
  });

  it('UploadPartCopy makes parts from byte ranges of an existing object; a range past its end is InvalidRange', async () => {
    const source = randomBytes(6 * 1024 * 1024);
    await put('copy-source.bin', source);
    const { UploadId } = await t.client.send(new CreateMultipartUploadCommand({ Bucket: t.bucket, Key: key('copied.bin') }));
    const copySource = `${t.bucket}/${encodeURIComponent(key('copy-source.bin'))}`;
    const copyPart = (PartNumber: number, CopySourceRange: string) =>
      t.client.send(new UploadPartCopyCommand({ Bucket: t.bucket, Key: key('copied.bin'), UploadId, PartNumber, CopySource: copySource, CopySourceRange }));
    const one = await copyPart(1, `bytes=0-${5 * 1024 * 1024 - 1}`);
    const two = await copyPart(2, `bytes=${5 * 1024 * 1024}-${source.length - 1}`);
    expect(one.CopyPartResult?.ETag).toBe(`"${md5(source.subarray(0, 5 * 1024 * 1024))}"`);
    expect(await failure(copyPart(3, `bytes=0-${source.length}`))).toMatchObject({ name: 'InvalidRange' });
    expect(await failure(copyPart(3, 'bytes=5-1'))).toEqual({ name: 'InvalidArgument', status: 400 });
    // The x-amz-copy-source-if-* conditions of CopyObject apply to a part copy too.
    const guarded = new UploadPartCopyCommand({
      Bucket: t.bucket, Key: key('copied.bin'), UploadId, PartNumber: 3, CopySource: copySource, CopySourceIfMatch: '"0000"',
    });
    expect(await failure(t.client.send(guarded))).toEqual({ name: 'PreconditionFailed', status: 412 });
    await t.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: t.bucket, Key: key('copied.bin'), UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: one.CopyPartResult?.ETag }, { PartNumber: 2, ETag: two.CopyPartResult?.ETag }] },
      }),
    );
    expect((await get('copied.bin')).body.equals(source)).toBe(true);
    const whole = await t.client.send(new GetObjectCommand({ Bucket: t.bucket, Key: key('copied.bin'), PartNumber: 2 }));
    expect(whole.ContentLength).toBe(source.length - 5 * 1024 * 1024);
  });
});
