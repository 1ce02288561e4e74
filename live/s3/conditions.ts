import type { IncomingHttpHeaders } from 'node:http';
import type { ObjectMeta } from './objectMeta.ts';
import { S3Error } from './s3Error.ts';

const bare = (etag: string): string => etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');

/** True when an If-Match / If-None-Match header value names this ETag (or is `*`). */
function listMatches(header: string, etag: string): boolean {
  return header.split(',').some((item) => item.trim() === '*' || bare(item) === bare(etag));
}

/**
 * The check a conditional PutObject / CompleteMultipartUpload runs under the key's lock:
 * `If-None-Match: *` refuses an existing key, `If-Match: "<etag>"` refuses a missing or
 * different one. Undefined when the request is unconditional.
 */
export function writePrecondition(headers: IncomingHttpHeaders): ((current: ObjectMeta | undefined) => void) | undefined {
  const ifMatch = headers['if-match'];
  const ifNoneMatch = headers['if-none-match'];
  if (ifMatch === undefined && ifNoneMatch === undefined) return undefined;
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*') {
    throw new S3Error('NotImplemented', 'If-None-Match on writes only supports *');
  }
  return (current) => {
    if (ifNoneMatch !== undefined && current) {
      throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
    }
    if (ifMatch !== undefined && (!current || !listMatches(ifMatch, current.etag))) {
      throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
    }
  };
}

const parseDate = (value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
};

/**
 * How a GET/HEAD with conditional headers is answered, in the order of RFC 9110 §13.2.2
 * (which S3 follows): 412 for If-Match / If-Unmodified-Since, 304 for If-None-Match /
 * If-Modified-Since, otherwise 200.
 */
export function readCondition(headers: IncomingHttpHeaders, meta: ObjectMeta): 200 | 304 | 412 {
  // HTTP dates have whole seconds; compare at that resolution.
  const modified = Math.floor(Date.parse(meta.lastModified) / 1000) * 1000;
  const ifMatch = headers['if-match'];
  if (ifMatch !== undefined) {
    if (!listMatches(ifMatch, meta.etag)) return 412;
  } else {
    const since = parseDate(headers['if-unmodified-since']);
    if (since !== undefined && modified > since) return 412;
  }
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    if (listMatches(ifNoneMatch, meta.etag)) return 304;
  } else {
    const since = parseDate(headers['if-modified-since']);
    if (since !== undefined && modified <= since) return 304;
  }
  return 200;
}
