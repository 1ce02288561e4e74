import type { IncomingHttpHeaders } from 'node:http';
import type { S3Context } from './s3Context.ts';
import { STORED_HEADERS } from './objectMeta.ts';
import { S3Error } from './s3Error.ts';
import { headerText } from './sigv4.ts';

/**
 * The standard headers to store with an object. aws-chunked is transport, not content, so
 * it is dropped from Content-Encoding; the other codings are kept in order, re-joined as
 * `a, b` (what S3 gives back for `deflate, gzip`).
 */
export function storedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const stored: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    let value = headers[name];
    if (name === 'content-encoding' && value !== undefined) {
      value = value
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '' && v.toLowerCase() !== 'aws-chunked')
        .join(', ');
    }
    if (value) stored[name] = value;
  }
  return stored;
}

/** x-amz-meta-* headers, keyed without the prefix (names are lower-case, as S3 returns them). */
export function userMetadata(headers: IncomingHttpHeaders): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith('x-amz-meta-') && value !== undefined) {
      meta[name.slice('x-amz-meta-'.length)] = headerText(Array.isArray(value) ? value.join(',') : value);
    }
  }
  return meta;
}

/** The bucket and key of x-amz-copy-source (`/bucket/key` or `bucket/key`, URL-encoded, maybe `?versionId=`). */
export function parseCopySource(header: string): { bucket: string; key: string } {
  const path = header.split('?')[0]!.replace(/^\//, '');
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) throw new S3Error('InvalidArgument', 'Invalid copy source');
  try {
    return { bucket: decodeURIComponent(path.slice(0, slash)), key: decodeURIComponent(path.slice(slash + 1)) };
  } catch {
    throw new S3Error('InvalidArgument', 'Invalid copy source encoding');
  }
}

/** S3 needs a length (or chunked transfer) for an upload body: 411 MissingContentLength otherwise. */
export function assertLengthKnown(ctx: S3Context): void {
  if (ctx.req.headers['content-length'] === undefined && ctx.req.headers['transfer-encoding'] === undefined) {
    throw new S3Error('MissingContentLength', 'You must provide the Content-Length HTTP header.');
  }
}
