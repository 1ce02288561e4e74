import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { checksumField, createChecksum, type Checksum } from './checksums.ts';
import { assertCopySourceCondition } from './conditions.ts';
import { partNumberOf } from './multipartHandlers.ts';
import { receiveBuffer } from './receiveBody.ts';
import { sendXml } from './responses.ts';
import type { S3Context } from './s3Context.ts';
import { S3Error } from './s3Error.ts';
import { parseCopySource } from './uploadHeaders.ts';

/** Counts, MD5s and optionally checksums the bytes a part copy moves. */
class PartTap extends Transform {
  readonly md5 = createHash('md5');
  size = 0;
  constructor(readonly checksum: Checksum | undefined) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    this.md5.update(chunk);
    this.checksum?.update(chunk);
    callback(null, chunk);
  }
}

const RANGE_FORM =
  'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy';

/**
 * `bytes=first-last` of x-amz-copy-source-range (both offsets, inclusive; no suffix or
 * open-ended forms, unlike Range), checked against the source's size: a malformed value
 * is 400 InvalidArgument, one past the end 416 InvalidRange, as
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_UploadPartCopy.html describes.
 */
export function copySourceRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  if (header === undefined) return undefined;
  const m = /^bytes=(\d+)-(\d+)$/.exec(header.trim());
  if (!m) throw new S3Error('InvalidArgument', RANGE_FORM);
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start) throw new S3Error('InvalidArgument', RANGE_FORM);
  if (end >= size) throw new S3Error('InvalidRange', 'The requested range is not satisfiable');
  return { start, end };
}

/** UploadPartCopy: a part made of (a byte range of) an existing object. */
export async function uploadPartCopy(ctx: S3Context): Promise<void> {
  const uploadId = ctx.query.get('uploadId')!;
  const partNumber = partNumberOf(ctx);
  const source = parseCopySource(String(ctx.req.headers['x-amz-copy-source']));
  const info = await ctx.uploads.upload(ctx.bucket, uploadId, ctx.key);
  await receiveBuffer(ctx.req, ctx.auth, 0);
  const opened = await ctx.objects.openObject(source.bucket, source.key);
  if (!opened) throw new S3Error('NoSuchKey', 'The specified copy source does not exist.');
  let range: { start: number; end: number };
  try {
    range = copySourceRange(ctx.req.headers['x-amz-copy-source-range'] as string | undefined, opened.meta.size) ?? {
      start: 0,
      end: opened.meta.size - 1,
    };
    assertCopySourceCondition(ctx.req.headers, opened.meta);
  } catch (error) {
    await opened.file.close();
    throw error;
  }
  const tempFile = ctx.objects.tempPath();
  try {
    const tap = new PartTap(info.checksumAlgorithm && createChecksum(info.checksumAlgorithm));
    // An empty source has nothing to read (and a read stream refuses end < start).
    let input: Readable;
    if (range.end >= range.start) input = opened.file.createReadStream({ start: range.start, end: range.end });
    else {
      await opened.file.close();
      input = Readable.from([]);
    }
    await pipeline(input, tap, createWriteStream(tempFile, { flush: true }));
    const etag = `"${tap.md5.digest('hex')}"`;
    const checksum = tap.checksum ? await tap.checksum.digest() : undefined;
    const lastModified = new Date().toISOString();
    await ctx.uploads.commitPart(
      ctx.bucket,
      uploadId,
      ctx.key,
      { partNumber, etag, size: tap.size, lastModified, ...(checksum ? { checksum } : {}) },
      tempFile,
    );
    sendXml(ctx.res, 200, 'CopyPartResult', {
      ETag: etag,
      LastModified: lastModified,
      ...(checksum && info.checksumAlgorithm ? { [checksumField(info.checksumAlgorithm)]: checksum } : {}),
    });
  } finally {
    await rm(tempFile, { force: true });
  }
}
