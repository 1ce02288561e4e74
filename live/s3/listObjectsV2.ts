import type { ObjectMeta } from './objectMeta.ts';
import { S3Error } from './s3Error.ts';

export interface ListObjectsV2Request {
  prefix: string;
  delimiter: string;
  maxKeys: number;
  startAfter: string;
  continuationToken: string | undefined;
  /**
   * ListObjects v1's marker: when it names a common prefix (ends with the delimiter), the
   * keys under it were already listed as that prefix and are skipped too.
   */
  markerIsPrefix?: boolean;
}

export interface ListObjectsV2Page {
  contents: ObjectMeta[];
  commonPrefixes: string[];
  isTruncated: boolean;
  nextContinuationToken: string | undefined;
  /** The last key or common prefix on the page (ListObjects v1's NextMarker). */
  lastReturned: string | undefined;
}

/**
 * The opaque continuation token: the last key or common prefix returned. Resuming after
 * a common prefix must also skip every key under it.
 */
interface Cursor {
  after: string;
  prefix: boolean;
}

function encodeToken(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeToken(token: string): Cursor {
  try {
    const cursor = JSON.parse(Buffer.from(token, 'base64url').toString()) as Cursor;
    if (typeof cursor.after === 'string' && typeof cursor.prefix === 'boolean') return cursor;
  } catch {
    // fall through to the error below
  }
  throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect');
}

const after = (key: string, bound: string): boolean => Buffer.compare(Buffer.from(key), Buffer.from(bound)) > 0;

/** One page of ListObjectsV2 over keys sorted in UTF-8 byte order. */
export function listObjectsV2(
  sortedKeys: readonly string[],
  lookup: (key: string) => ObjectMeta,
  request: ListObjectsV2Request,
): ListObjectsV2Page {
  const cursor: Cursor = request.continuationToken
    ? decodeToken(request.continuationToken)
    : { after: request.startAfter, prefix: request.markerIsPrefix === true };
  const page: ListObjectsV2Page = {
    contents: [],
    commonPrefixes: [],
    isTruncated: false,
    nextContinuationToken: undefined,
    lastReturned: undefined,
  };
  let count = 0;
  let last: Cursor | undefined;
  for (const key of sortedKeys) {
    if (!key.startsWith(request.prefix)) continue;
    if (cursor.after !== '' && !after(key, cursor.after)) continue;
    if (cursor.prefix && key.startsWith(cursor.after)) continue;
    const rest = key.slice(request.prefix.length);
    const cut = request.delimiter === '' ? -1 : rest.indexOf(request.delimiter);
    const commonPrefix = cut < 0 ? undefined : request.prefix + rest.slice(0, cut + request.delimiter.length);
    if (commonPrefix !== undefined && last?.prefix && last.after === commonPrefix) continue;
    if (count === request.maxKeys) {
      page.isTruncated = request.maxKeys > 0;
      break;
    }
    if (commonPrefix !== undefined) {
      page.commonPrefixes.push(commonPrefix);
      last = { after: commonPrefix, prefix: true };
    } else {
      page.contents.push(lookup(key));
      last = { after: key, prefix: false };
    }
    count++;
  }
  if (page.isTruncated && last) page.nextContinuationToken = encodeToken(last);
  page.lastReturned = last?.after;
  return page;
}
