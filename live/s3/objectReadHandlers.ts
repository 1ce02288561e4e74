import { pipeline } from 'node:stream/promises';
import { readCondition } from './conditions.ts';
import { checksumHeaders, objectHeaders, sendEmpty } from './responses.ts';
import type { S3Context } from './s3Context.ts';
import { S3Error } from './s3Error.ts';

/** Query parameters that override response headers on GetObject. */
const RESPONSE_OVERRIDES = [
  'content-type',
  'content-language',
  'expires',
  'cache-control',
  'content-disposition',
  'content-encoding',
];

/**
 * The byte range asked for, or undefined for the whole object. Like S3 this serves the
 * whole object for a header it cannot parse or with several ranges, and answers 416
 * only for a well-formed range that starts past the end.
 */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | undefined {
  const m = header === undefined ? null : /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0) throw new S3Error('InvalidRange', 'The requested range is not satisfiable');
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size) throw new S3Error('InvalidRange', 'The requested range is not satisfiable');
  if (end < start) return undefined;
  return { start, end };
}

async function readObject(ctx: S3Context, withBody: boolean): Promise<void> {
  const opened = await ctx.objects.openObject(ctx.bucket, ctx.key);
  if (!opened) throw new S3Error('NoSuchKey', 'The specified key does not exist.');
  const { meta, file } = opened;
  let streaming = false;
  try {
    const headers = objectHeaders(meta);
    const condition = readCondition(ctx.req.headers, meta);
    if (condition === 304) {
      sendEmpty(ctx.res, 304, { etag: meta.etag, 'last-modified': headers['last-modified']! });
      return;
    }
    if (condition === 412) throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
    for (const name of RESPONSE_OVERRIDES) {
      const value = ctx.query.get(`response-${name}`);
      if (value !== null) headers[name] = value;
    }
    let range: { start: number; end: number } | undefined;
    const checksumMode = String(ctx.req.headers['x-amz-checksum-mode']).toUpperCase() === 'ENABLED';
    const partNumberText = ctx.query.get('partNumber');
    if (partNumberText !== null) {
      // One part of a multipart object (part 1 of any other object is all of it).
      if (ctx.req.headers.range !== undefined) {
        throw new S3Error('InvalidRequest', 'Cannot specify both Range header and partNumber query parameter');
      }
      const partNumber = Number(partNumberText);
      if (!/^\d+$/.test(partNumberText) || partNumber < 1 || partNumber > 10_000) {
        throw new S3Error('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive');
      }
      const parts = meta.parts ?? [{ size: meta.size }];
      if (partNumber > parts.length) throw new S3Error('InvalidPart', 'The requested partnumber is not satisfiable');
      const start = parts.slice(0, partNumber - 1).reduce((sum, p) => sum + p.size, 0);
      range = { start, end: start + parts[partNumber - 1]!.size - 1 };
      if (meta.parts) headers['x-amz-mp-parts-count'] = String(meta.parts.length);
      const partChecksum = meta.parts?.[partNumber - 1]?.checksum;
      if (checksumMode && meta.checksum && (partChecksum || !meta.parts)) {
        Object.assign(headers, checksumHeaders(meta.parts ? { ...meta.checksum, value: partChecksum! } : meta.checksum));
      }
    } else {
      try {
        range = parseRange(ctx.req.headers.range, meta.size);
      } catch (error) {
        ctx.res.setHeader('content-range', `bytes */${meta.size}`);
        throw error;
      }
      // A checksum describes the whole object, so S3 only sends it with full responses.
      if (!range && meta.checksum && checksumMode) Object.assign(headers, checksumHeaders(meta.checksum));
    }
    const status = range && !(partNumberText !== null && !meta.parts) ? 206 : 200;
    const length = range ? range.end - range.start + 1 : meta.size;
    if (range && status === 206) headers['content-range'] = `bytes ${range.start}-${range.end}/${meta.size}`;
    ctx.res.writeHead(status, { ...headers, 'content-length': length });
    if (!withBody || length === 0) {
      ctx.res.end();
      return;
    }
    streaming = true;
    await pipeline(file.createReadStream({ start: range?.start ?? 0, end: range?.end ?? meta.size - 1 }), ctx.res);
  } finally {
    // createReadStream closes the handle itself when it ends or fails.
    if (!streaming) await file.close();
  }
}

export const getObject = (ctx: S3Context): Promise<void> => readObject(ctx, true);

export async function headObject(ctx: S3Context): Promise<void> {
  try {
    await readObject(ctx, false);
  } catch (error) {
    // HEAD responses carry no body, so the error code travels only as the status.
    if (error instanceof S3Error) {
      sendEmpty(ctx.res, error.status, { 'x-amz-error-code': error.code });
      return;
    }
    throw error;
  }
}
