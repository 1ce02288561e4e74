import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { writePrecondition } from './conditions.ts';
import type { ObjectMeta } from './objectMeta.ts';
import { validateKey, type PendingObject } from './objectStorage.ts';
import { receiveBody, receiveBuffer } from './receiveBody.ts';
import { sendEmpty, sendXml } from './responses.ts';
import type { S3Context } from './s3Context.ts';
import { S3Error } from './s3Error.ts';
import { storedHeaders, userMetadata } from './uploadHeaders.ts';
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
  const precondition = writePrecondition(ctx.req.headers);
  const tempFile = ctx.objects.tempPath();
  let body;
  try {
    body = await receiveBody(ctx.req, ctx.auth, createWriteStream(tempFile, { flush: true }), ctx.maxObjectBytes);
  } catch (error) {
    await rm(tempFile, { force: true });
    throw error;
  }
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
  const headers: Record<string, string> = { etag: meta.etag };
  if (meta.checksum) headers[`x-amz-checksum-${meta.checksum.algorithm}`] = meta.checksum.value;
  sendEmpty(ctx.res, 200, headers);
}

function parseCopySource(header: string): { bucket: string; key: string } {
  const path = header.split('?')[0]!.replace(/^\//, '');
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) throw new S3Error('InvalidArgument', 'Invalid copy source');
  try {
    return { bucket: decodeURIComponent(path.slice(0, slash)), key: decodeURIComponent(path.slice(slash + 1)) };
  } catch {
    throw new S3Error('InvalidArgument', 'Invalid copy source encoding');
  }
}

export async function copyObject(ctx: S3Context): Promise<void> {
  ctx.objects.assertBucket(ctx.bucket);
  validateKey(ctx.key);
  const source = parseCopySource(String(ctx.req.headers['x-amz-copy-source']));
  const precondition = writePrecondition(ctx.req.headers);
  await receiveBuffer(ctx.req, ctx.auth, 0);
  const opened = await ctx.objects.openObject(source.bucket, source.key);
  if (!opened) throw new S3Error('NoSuchKey', 'The specified copy source does not exist.');
  const tempFile = ctx.objects.tempPath();
  try {
    await pipeline(opened.file.createReadStream(), createWriteStream(tempFile, { flush: true }));
  } catch (error) {
    await rm(tempFile, { force: true });
    throw error;
  }
  const replace = String(ctx.req.headers['x-amz-metadata-directive'] ?? 'COPY').toUpperCase() === 'REPLACE';
  const { size, etag, checksum } = opened.meta;
  const meta = await commitOrDiscard(ctx, {
    tempFile,
    meta: {
      size,
      etag,
      headers: replace ? storedHeaders(ctx.req.headers) : opened.meta.headers,
      userMetadata: replace ? userMetadata(ctx.req.headers) : opened.meta.userMetadata,
      ...(checksum ? { checksum } : {}),
    },
    precondition,
  });
  sendXml(ctx.res, 200, 'CopyObjectResult', { ETag: meta.etag, LastModified: meta.lastModified });
}

export async function deleteObject(ctx: S3Context): Promise<void> {
  await ctx.objects.delete(ctx.bucket, ctx.key);
  sendEmpty(ctx.res, 204);
}

function parseDeleteRequest(body: Buffer): { keys: string[]; quiet: boolean } {
  let root: XmlElement;
  try {
    root = parseXml(body.toString('utf8'));
  } catch (error) {
    if (error instanceof XmlSyntaxError) throw new S3Error('MalformedXML', `The XML you provided was not well-formed: ${error.message}`);
    throw error;
  }
  const objects = childrenNamed(root, 'Object');
  if (!root.name.endsWith('Delete') || objects.length === 0 || objects.length > MAX_DELETE_KEYS) {
    throw new S3Error('MalformedXML', `Delete must list between 1 and ${MAX_DELETE_KEYS} objects`);
  }
  const keys = objects.map((o) => {
    const key = childText(o, 'Key');
    if (key === undefined) throw new S3Error('MalformedXML', 'An Object in Delete has no Key');
    return key;
  });
  return { keys, quiet: childText(root, 'Quiet')?.trim() === 'true' };
}

export async function deleteObjects(ctx: S3Context): Promise<void> {
  ctx.objects.assertBucket(ctx.bucket);
  const { keys, quiet } = parseDeleteRequest(await receiveBuffer(ctx.req, ctx.auth, MAX_DELETE_BODY));
  const deleted: XmlFields[] = [];
  const errors: XmlFields[] = [];
  for (const key of keys) {
    try {
      await ctx.objects.delete(ctx.bucket, key);
      if (!quiet) deleted.push({ Key: key });
    } catch (error) {
      const s3 = error instanceof S3Error ? error : new S3Error('InternalError', 'We encountered an internal error.');
      errors.push({ Key: key, Code: s3.code, Message: s3.message });
    }
  }
  sendXml(ctx.res, 200, 'DeleteResult', { Deleted: deleted, Error: errors });
}
