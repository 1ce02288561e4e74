import { rm } from 'node:fs/promises';
import { checksumField, isChecksumAlgorithm, type ChecksumAlgorithm } from './checksums.ts';
import { writePrecondition } from './conditions.ts';
import type { ChecksumType, StoredChecksum } from './objectMeta.ts';
import { MAX_PARTS, type RequestedPart } from './multipartStorage.ts';
import { validateKey } from './objectStorage.ts';
import { receiveBuffer, receiveToFile } from './receiveBody.ts';
import { sendEmpty, sendXml } from './responses.ts';
import type { S3Context } from './s3Context.ts';
import { S3Error } from './s3Error.ts';
import { assertLengthKnown, storedHeaders, userMetadata } from './uploadHeaders.ts';
import { childrenNamed, childText, parseXml, XmlSyntaxError, type XmlElement, type XmlFields } from './xml.ts';

const MAX_COMPLETE_BODY = 2 * 1024 * 1024;

function checksumFields(checksum: StoredChecksum | undefined): XmlFields {
  return checksum ? { [checksumField(checksum.algorithm)]: checksum.value, ChecksumType: checksum.type ?? 'FULL_OBJECT' } : {};
}

/**
 * The whole-object checksum asked for on CreateMultipartUpload: algorithm and type, checked
 * as S3 does. S3 can combine CRCs only, so SHA-1 / SHA-256 are COMPOSITE only, CRC64NVME
 * FULL_OBJECT only, and CRC32 / CRC32C either (COMPOSITE unless asked):
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/checking-object-integrity.html
 */
function requestedUploadChecksum(ctx: S3Context): { checksumAlgorithm?: ChecksumAlgorithm; checksumType?: ChecksumType } {
  const algorithmHeader = ctx.req.headers['x-amz-checksum-algorithm'];
  const typeHeader = ctx.req.headers['x-amz-checksum-type'];
  if (algorithmHeader === undefined) {
    if (typeHeader !== undefined) throw new S3Error('InvalidRequest', 'x-amz-checksum-type requires x-amz-checksum-algorithm');
    return {};
  }
  const algorithm = String(algorithmHeader).toLowerCase();
  if (!isChecksumAlgorithm(algorithm)) throw new S3Error('InvalidRequest', `Checksum algorithm ${String(algorithmHeader)} is not supported`);
  const type = typeHeader === undefined ? (algorithm === 'crc64nvme' ? 'FULL_OBJECT' : 'COMPOSITE') : String(typeHeader).toUpperCase();
  if (type !== 'COMPOSITE' && type !== 'FULL_OBJECT') throw new S3Error('InvalidRequest', `Checksum type ${type} is not supported`);
  if ((type === 'FULL_OBJECT' && algorithm.startsWith('sha')) || (type === 'COMPOSITE' && algorithm === 'crc64nvme')) {
    throw new S3Error('InvalidRequest', `The ${type} checksum type cannot be used with the ${algorithm} checksum algorithm.`);
  }
  return { checksumAlgorithm: algorithm, checksumType: type };
}

export async function createMultipartUpload(ctx: S3Context): Promise<void> {
  validateKey(ctx.key);
  const checksum = requestedUploadChecksum(ctx);
  await receiveBuffer(ctx.req, ctx.auth, 0);
  const uploadId = await ctx.uploads.create(ctx.bucket, {
    key: ctx.key,
    initiated: new Date().toISOString(),
    headers: storedHeaders(ctx.req.headers),
    userMetadata: userMetadata(ctx.req.headers),
    ...checksum,
  });
  if (checksum.checksumAlgorithm) {
    ctx.res.setHeader('x-amz-checksum-algorithm', checksum.checksumAlgorithm.toUpperCase());
    ctx.res.setHeader('x-amz-checksum-type', checksum.checksumType!);
  }
  sendXml(ctx.res, 200, 'InitiateMultipartUploadResult', { Bucket: ctx.bucket, Key: ctx.key, UploadId: uploadId });
}

/** The partNumber query parameter of UploadPart / UploadPartCopy: 1 to 10,000. */
export function partNumberOf(ctx: S3Context): number {
  const text = ctx.query.get('partNumber') ?? '';
  const partNumber = Number(text);
  if (!/^\d+$/.test(text) || partNumber < 1 || partNumber > MAX_PARTS) {
    throw new S3Error('InvalidArgument', `Part number must be an integer between 1 and ${MAX_PARTS}, inclusive`);
  }
  return partNumber;
}

export async function uploadPart(ctx: S3Context): Promise<void> {
  const uploadId = ctx.query.get('uploadId')!;
  const partNumber = partNumberOf(ctx);
  assertLengthKnown(ctx);
  const info = await ctx.uploads.upload(ctx.bucket, uploadId, ctx.key); // NoSuchUpload before reading the body
  const tempFile = ctx.objects.tempPath();
  try {
    const body = await receiveToFile(ctx.req, ctx.auth, tempFile, ctx.maxObjectBytes, {
      ...(info.checksumAlgorithm ? { checksumAlgorithm: info.checksumAlgorithm } : {}),
    });
    const etag = `"${body.md5Hex}"`;
    const checksum = body.checksum && body.checksum.algorithm === info.checksumAlgorithm ? body.checksum.value : undefined;
    await ctx.uploads.commitPart(
      ctx.bucket,
      uploadId,
      ctx.key,
      { partNumber, etag, size: body.size, lastModified: new Date().toISOString(), ...(checksum ? { checksum } : {}) },
      tempFile,
    );
    const headers: Record<string, string> = { etag };
    if (body.checksum) headers[`x-amz-checksum-${body.checksum.algorithm}`] = body.checksum.value;
    sendEmpty(ctx.res, 200, headers);
  } finally {
    await rm(tempFile, { force: true });
  }
}

/**
 * The parts listed in a CompleteMultipartUpload body, each with its Checksum<ALG> when the
 * upload has an algorithm. MalformedXML for anything but that document with a decimal
 * PartNumber and an ETag in every Part.
 */
export function parseCompleteRequest(body: Buffer, algorithm: ChecksumAlgorithm | undefined): RequestedPart[] {
  let root: XmlElement;
  try {
    root = parseXml(body.toString('utf8'));
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw new S3Error('MalformedXML', `The XML you provided was not well-formed: ${error.message}`);
    throw error;
  }
  if (root.name !== 'CompleteMultipartUpload') {
    throw new S3Error('MalformedXML', 'Expected a CompleteMultipartUpload document');
  }
  return childrenNamed(root, 'Part').map((part) => {
    const partNumberText = childText(part, 'PartNumber')?.trim() ?? '';
    const etag = childText(part, 'ETag');
    if (!/^\d{1,5}$/.test(partNumberText) || etag === undefined) {
      throw new S3Error('MalformedXML', 'Each Part needs a PartNumber and an ETag');
    }
    const partNumber = Number(partNumberText);
    if (partNumber < 1 || partNumber > MAX_PARTS) {
      throw new S3Error('InvalidArgument', `Part number must be an integer between 1 and ${MAX_PARTS}, inclusive`);
    }
    const checksum = algorithm && childText(part, checksumField(algorithm));
    return { partNumber, etag, ...(checksum ? { checksum: checksum.trim() } : {}) };
  });
}

/** The whole-object checksum the client claims on CompleteMultipartUpload (x-amz-checksum-<alg>). */
function claimedObjectChecksum(ctx: S3Context): { algorithm: ChecksumAlgorithm; value: string } | undefined {
  for (const [name, value] of Object.entries(ctx.req.headers)) {
    const algorithm = /^x-amz-checksum-(.+)$/.exec(name)?.[1];
    if (algorithm && isChecksumAlgorithm(algorithm) && value !== undefined) return { algorithm, value: String(value) };
  }
  return undefined;
}

export async function completeMultipartUpload(ctx: S3Context): Promise<void> {
  const uploadId = ctx.query.get('uploadId')!;
  const precondition = writePrecondition(ctx.req.headers) ?? (() => undefined);
  // x-amz-checksum-* here describe the object being completed, not this XML body.
  const body = await receiveBuffer(ctx.req, ctx.auth, MAX_COMPLETE_BODY, { bodyChecksumHeaders: false });
  const claimed = claimedObjectChecksum(ctx);
  const parts = parseCompleteRequest(body, claimed?.algorithm ?? (await ctx.uploads.algorithmOf(ctx.bucket, uploadId)));
  const result = await ctx.uploads.complete(ctx.bucket, uploadId, ctx.key, parts, precondition, claimed);
  sendXml(ctx.res, 200, 'CompleteMultipartUploadResult', {
    Location: `/${ctx.bucket}/${ctx.key}`,
    Bucket: ctx.bucket,
    Key: ctx.key,
    ETag: result.etag,
    ...checksumFields(result.checksum),
  });
}

export async function abortMultipartUpload(ctx: S3Context): Promise<void> {
  await ctx.uploads.abort(ctx.bucket, ctx.query.get('uploadId')!, ctx.key);
  sendEmpty(ctx.res, 204);
}
