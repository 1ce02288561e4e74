import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { assertCopySourceCondition, deleteConditionFromHeaders, deletePrecondition, writePrecondition, type DeleteCondition } from './conditions.ts';
import type { ObjectMeta } from './objectMeta.ts';
import { validateKey, type PendingObject } from './objectStorage.ts';
import { receiveBuffer, receiveToFile } from './receiveBody.ts';
import { checksumHeaders, sendEmpty, sendXml } from './responses.ts';
import type { S3Context } from './s3Context.ts';
import { S3Error } from './s3Error.ts';
import { assertLengthKnown, parseCopySource, storedHeaders, userMetadata } from './uploadHeaders.ts';
import { childrenNamed, childText, parseXml, XmlSyntaxError, type XmlElement, type XmlFields } from './xml.ts';

const MAX_DELETE_KEYS = 1000;
const MAX_DELETE_BODY = 2 * 1024 * 1024;

/** Commits the temp file, removing it if the commit is refused. */
async function commitOrDiscard(ctx: S3Context, pending: PendingObject): Promise<ObjectMeta> {
  try {
    return await ctx.objects.commit(ctx.bucket, ctx.key, pending);
  } catch (error) {
    await rm(pending.tempFile, { force: true });
    throw error;
  }
}

export async function putObject(ctx: S3Context): Promise<void> {
  ctx.objects.assertBucket(ctx.bucket); // before reading a large body
  validateKey(ctx.key);
  assertLengthKnown(ctx);
  const precondition = writePrecondition(ctx.req.headers);
  const tempFile = ctx.objects.tempPath();
  const body = await receiveToFile(ctx.req, ctx.auth, tempFile, ctx.maxObjectBytes);
  const meta = await commitOrDiscard(ctx, {
    tempFile,
    meta: {
      size: body.size,
      etag: `"${body.md5Hex}"`,
      headers: storedHeaders(ctx.req.headers),
      userMetadata: userMetadata(ctx.req.headers),
      ...(body.checksum ? { checksum: body.checksum } : {}),
    },
    precondition,
  });
  sendEmpty(ctx.res, 200, { etag: meta.etag, ...checksumHeaders(meta.checksum) });
}

export async function copyObject(ctx: S3Context): Promise<void> {
  ctx.objects.assertBucket(ctx.bucket);
  validateKey(ctx.key);
  const source = parseCopySource(String(ctx.req.headers['x-amz-copy-source']));
  const precondition = writePrecondition(ctx.req.headers);
  const replace = String(ctx.req.headers['x-amz-metadata-directive'] ?? 'COPY').toUpperCase() === 'REPLACE';
  if (source.bucket === ctx.bucket && source.key === ctx.key && !replace) {
    throw new S3Error(
      'InvalidRequest',
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  await receiveBuffer(ctx.req, ctx.auth, 0);
  const opened = await ctx.objects.openObject(source.bucket, source.key);
  if (!opened) throw new S3Error('NoSuchKey', 'The specified copy source does not exist.');
  const tempFile = ctx.objects.tempPath();
  try {
    assertCopySourceCondition(ctx.req.headers, opened.meta);
  } catch (error) {
    await opened.file.close();
    throw error;
  }
  try {
    await pipeline(opened.file.createReadStream(), createWriteStream(tempFile, { flush: true }));
  } catch (error) {
    await rm(tempFile, { force: true });
    throw error;
  }
  const { size, etag, checksum, parts } = opened.meta;
  const meta = await commitOrDiscard(ctx, {
    tempFile,
    meta: {
      size,
      etag,
      headers: replace ? storedHeaders(ctx.req.headers) : opened.meta.headers,
      userMetadata: replace ? userMetadata(ctx.req.headers) : opened.meta.userMetadata,
      ...(checksum ? { checksum } : {}),
      ...(parts ? { parts } : {}),
    },
    precondition,
  });
  sendXml(ctx.res, 200, 'CopyObjectResult', { ETag: meta.etag, LastModified: meta.lastModified });
}

export async function deleteObject(ctx: S3Context): Promise<void> {
  await ctx.objects.delete(ctx.bucket, ctx.key, deletePrecondition(deleteConditionFromHeaders(ctx.req.headers)));
  sendEmpty(ctx.res, 204);
}

interface DeleteEntry {
  key: string;
  condition: DeleteCondition;
}

/** One Object of a DeleteObjects body: Key, and the optional ETag / LastModifiedTime / Size it must still have. */
function parseDeleteEntry(object: XmlElement): DeleteEntry {
  const key = childText(object, 'Key');
  if (key === undefined) throw new S3Error('MalformedXML', 'An Object in Delete has no Key');
  const condition: DeleteCondition = {};
  const etag = childText(object, 'ETag');
  if (etag !== undefined) condition.ifMatch = etag;
  const time = childText(object, 'LastModifiedTime');
  if (time !== undefined) {
    condition.lastModified = Date.parse(time.trim());
    if (Number.isNaN(condition.lastModified)) throw new S3Error('MalformedXML', 'LastModifiedTime is not a timestamp');
  }
  const size = childText(object, 'Size');
  if (size !== undefined) {
    if (!/^\d+$/.test(size.trim())) throw new S3Error('MalformedXML', 'Size is not a non-negative integer');
    condition.size = Number(size);
  }
  return { key, condition };
}

export function parseDeleteRequest(body: Buffer): { entries: DeleteEntry[]; quiet: boolean } {
  let root: XmlElement;
  try {
    root = parseXml(body.toString('utf8'));
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw new S3Error('MalformedXML', `The XML you provided was not well-formed: ${error.message}`);
    throw error;
  }
  const objects = childrenNamed(root, 'Object');
  if (root.name !== 'Delete' || objects.length === 0 || objects.length > MAX_DELETE_KEYS) {
    throw new S3Error('MalformedXML', `Delete must list between 1 and ${MAX_DELETE_KEYS} objects`);
  }
  return { entries: objects.map(parseDeleteEntry), quiet: childText(root, 'Quiet')?.trim() === 'true' };
}

/** DeleteObjects: each key deleted (under its conditions) on its own; failures are listed, not fatal. */
export async function deleteObjects(ctx: S3Context): Promise<void> {
  ctx.objects.assertBucket(ctx.bucket);
  const { entries, quiet } = parseDeleteRequest(await receiveBuffer(ctx.req, ctx.auth, MAX_DELETE_BODY));
  const deleted: XmlFields[] = [];
  const errors: XmlFields[] = [];
  for (const { key, condition } of entries) {
    try {
      await ctx.objects.delete(ctx.bucket, key, deletePrecondition(condition));
      if (!quiet) deleted.push({ Key: key });
    } catch (error) {
      const s3 = error instanceof S3Error ? error : new S3Error('InternalError', 'We encountered an internal error.');
      errors.push({ Key: key, Code: s3.code, Message: s3.message });
    }
  }
  sendXml(ctx.res, 200, 'DeleteResult', { Deleted: deleted, Error: errors });
}
