import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { writePrecondition } from './conditions.ts';
import { MAX_PARTS } from './multipartStorage.ts';
import { validateKey } from './objectStorage.ts';
import { receiveBody, receiveBuffer } from './receiveBody.ts';
import { sendEmpty, sendXml } from './responses.ts';
import type { S3Context } from './s3Context.ts';
import { S3Error } from './s3Error.ts';
import { storedHeaders, userMetadata } from './uploadHeaders.ts';
import { childrenNamed, childText, parseXml, XmlSyntaxError, type XmlElement } from './xml.ts';

const MAX_COMPLETE_BODY = 2 * 1024 * 1024;

export async function createMultipartUpload(ctx: S3Context): Promise<void> {
  validateKey(ctx.key);
  await receiveBuffer(ctx.req, ctx.auth, 0);
  const uploadId = await ctx.uploads.create(ctx.bucket, {
    key: ctx.key,
    initiated: new Date().toISOString(),
    headers: storedHeaders(ctx.req.headers),
    userMetadata: userMetadata(ctx.req.headers),
  });
  sendXml(ctx.res, 200, 'InitiateMultipartUploadResult', { Bucket: ctx.bucket, Key: ctx.key, UploadId: uploadId });
}

export async function uploadPart(ctx: S3Context): Promise<void> {
  const uploadId = ctx.query.get('uploadId')!;
  const partNumber = Number(ctx.query.get('partNumber'));
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > MAX_PARTS) {
    throw new S3Error('InvalidArgument', `Part number must be an integer between 1 and ${MAX_PARTS}, inclusive`);
  }
  await ctx.uploads.upload(ctx.bucket, uploadId, ctx.key); // NoSuchUpload before reading the body
  const tempFile = ctx.objects.tempPath();
  try {
    const body = await receiveBody(ctx.req, ctx.auth, createWriteStream(tempFile, { flush: true }), ctx.maxObjectBytes);
    const etag = `"${body.md5Hex}"`;
    await ctx.uploads.commitPart(ctx.bucket, uploadId, ctx.key, { partNumber, etag, size: body.size }, tempFile);
    const headers: Record<string, string> = { etag };
    if (body.checksum) headers[`x-amz-checksum-${body.checksum.algorithm}`] = body.checksum.value;
    sendEmpty(ctx.res, 200, headers);
  } finally {
    await rm(tempFile, { force: true });
  }
}

function parseCompleteRequest(body: Buffer): { partNumber: number; etag: string }[] {
  let root: XmlElement;
  try {
    root = parseXml(body.toString('utf8'));
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw new S3Error('MalformedXML', `The XML you provided was not well-formed: ${error.message}`);
    throw error;
  }
  if (!root.name.endsWith('CompleteMultipartUpload')) {
    throw new S3Error('MalformedXML', 'Expected a CompleteMultipartUpload document');
  }
  return childrenNamed(root, 'Part').map((part) => {
    const partNumber = Number(childText(part, 'PartNumber'));
    const etag = childText(part, 'ETag');
    if (!Number.isInteger(partNumber) || etag === undefined) {
      throw new S3Error('MalformedXML', 'Each Part needs a PartNumber and an ETag');
    }
    return { partNumber, etag };
  });
}

export async function completeMultipartUpload(ctx: S3Context): Promise<void> {
  const uploadId = ctx.query.get('uploadId')!;
  const precondition = writePrecondition(ctx.req.headers) ?? (() => undefined);
  const parts = parseCompleteRequest(await receiveBuffer(ctx.req, ctx.auth, MAX_COMPLETE_BODY));
  const meta = await ctx.uploads.complete(ctx.bucket, uploadId, ctx.key, parts, precondition);
  sendXml(ctx.res, 200, 'CompleteMultipartUploadResult', {
    Location: `/${ctx.bucket}/${ctx.key}`,
    Bucket: ctx.bucket,
    Key: ctx.key,
    ETag: meta.etag,
  });
}

export async function abortMultipartUpload(ctx: S3Context): Promise<void> {
  await ctx.uploads.abort(ctx.bucket, ctx.query.get('uploadId')!, ctx.key);
  sendEmpty(ctx.res, 204);
}
