import type { IncomingHttpHeaders } from 'node:http';
import type { ObjectMeta } from './objectMeta.ts';
import { S3Error } from './s3Error.ts';

const bare = (etag: string): string => etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');

/** True when an If-Match / If-None-Match header value names this ETag (or is `*`). */
function listMatches(header: string, etag: string): boolean {
  return header.split(',').some((item) => item.trim() === '*' || bare(item) === bare(etag));
}

/**
 * The check a conditional PutObject / CompleteMultipartUpload / CopyObject runs under the
 * key's lock: `If-None-Match: *` refuses an existing key (412), `If-Match: "<etag>"` a
 * different one (412) or a missing one (404 NoSuchKey, as AWS answers: there is no
 * object to compare with; see
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html).
 * If-None-Match with an ETag is refused up front: S3 accepts only `*` on writes
 * ("Expects the '*' (asterisk) character", PutObject's API reference).
 * Undefined when the request is unconditional.
 */
export function writePrecondition(headers: IncomingHttpHeaders): ((current: ObjectMeta | undefined) => void) | undefined {
  const ifMatch = headers['if-match'];
  const ifNoneMatch = headers['if-none-match'];
  if (ifMatch === undefined && ifNoneMatch === undefined) return undefined;
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*') {
    // AWS's own answer (aws/aws-sdk-ruby#3144), so a client finds out here and not in production.
    throw new S3Error('NotImplemented', 'A header you provided implies functionality that is not implemented (If-None-Match on a write takes only *)');
  }
  return (current) => {
    if (ifNoneMatch !== undefined && current) {
      throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
    }
    if (ifMatch !== undefined && !current) throw new S3Error('NoSuchKey', 'The specified key does not exist.');
    if (ifMatch !== undefined && current && !listMatches(ifMatch, current.etag)) {
      throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
    }
  };
}

const parseDate = (value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
};

interface ConditionHeaders {
  ifMatch: string | undefined;
  ifNoneMatch: string | undefined;
  ifModifiedSince: string | undefined;
  ifUnmodifiedSince: string | undefined;
}

function evaluate(c: ConditionHeaders, meta: ObjectMeta): 200 | 304 | 412 {
  // HTTP dates have whole seconds; compare at that resolution.
  const modified = Math.floor(Date.parse(meta.lastModified) / 1000) * 1000;
  if (c.ifMatch !== undefined) {
    if (!listMatches(c.ifMatch, meta.etag)) return 412;
  } else {
    const since = parseDate(c.ifUnmodifiedSince);
    if (since !== undefined && modified > since) return 412;
  }
  if (c.ifNoneMatch !== undefined) {
    if (listMatches(c.ifNoneMatch, meta.etag)) return 304;
  } else {
    const since = parseDate(c.ifModifiedSince);
    if (since !== undefined && modified <= since) return 304;
  }
  return 200;
}

/**
 * How a GET/HEAD with conditional headers is answered, in the order of RFC 9110 §13.2.2
 * (which S3 follows): 412 for If-Match / If-Unmodified-Since, 304 for If-None-Match /
 * If-Modified-Since, otherwise 200. If-Match that holds makes S3 ignore
 * If-Unmodified-Since, and If-None-Match that holds makes it ignore If-Modified-Since.
 */
export function readCondition(headers: IncomingHttpHeaders, meta: ObjectMeta): 200 | 304 | 412 {
  return evaluate(
    {
      ifMatch: headers['if-match'],
      ifNoneMatch: headers['if-none-match'],
      ifModifiedSince: headers['if-modified-since'],
      ifUnmodifiedSince: headers['if-unmodified-since'],
    },
    meta,
  );
}

const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
};

/**
 * CopyObject / UploadPartCopy's `x-amz-copy-source-if-*` headers against the source:
 * the same rules as a conditional read, except that every unmet condition is 412
 * PreconditionFailed (S3 never answers a copy with 304).
 */
export function assertCopySourceCondition(headers: IncomingHttpHeaders, source: ObjectMeta): void {
  const outcome = evaluate(
    {
      ifMatch: header(headers, 'x-amz-copy-source-if-match'),
      ifNoneMatch: header(headers, 'x-amz-copy-source-if-none-match'),
      ifModifiedSince: header(headers, 'x-amz-copy-source-if-modified-since'),
      ifUnmodifiedSince: header(headers, 'x-amz-copy-source-if-unmodified-since'),
    },
    source,
  );
  if (outcome !== 200) throw new S3Error('PreconditionFailed', 'At least one of the pre-conditions you specified did not hold');
}

/** What a conditional delete names: the ETag (or `*`), the Last-Modified time and the size it expects. */
export interface DeleteCondition {
  ifMatch?: string;
  /** ms since the epoch; compared at whole seconds, the resolution of HTTP dates. */
  lastModified?: number;
  size?: number;
}

const PRECONDITION_FAILED = 'At least one of the pre-conditions you specified did not hold';

/**
 * A conditional DeleteObject's headers: If-Match, x-amz-if-match-last-modified-time and
 * x-amz-if-match-size (unparsable values are 400 InvalidArgument, not ignored).
 */
export function deleteConditionFromHeaders(headers: IncomingHttpHeaders): DeleteCondition {
  const condition: DeleteCondition = {};
  const ifMatch = header(headers, 'if-match');
  if (ifMatch !== undefined) condition.ifMatch = ifMatch;
  const time = header(headers, 'x-amz-if-match-last-modified-time');
  if (time !== undefined) {
    const parsed = parseDate(time);
    if (parsed === undefined) throw new S3Error('InvalidArgument', 'x-amz-if-match-last-modified-time is not a valid date');
    condition.lastModified = parsed;
  }
  const size = header(headers, 'x-amz-if-match-size');
  if (size !== undefined) {
    if (!/^\d+$/.test(size.trim())) throw new S3Error('InvalidArgument', 'x-amz-if-match-size must be a non-negative integer');
    condition.size = Number(size);
  }
  return condition;
}

/**
 * The check a conditional delete runs under the key's lock, or undefined when it names no
 * condition. S3 documents these for directory buckets
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObject.html): a current
 * object that differs in any named way is kept and the delete fails with 412; a missing
 * one is simply not there, and the delete succeeds (204). A general purpose bucket on
 * AWS takes no conditions on deletes; honouring them here rather than dropping them keeps
 * a client that sends one from deleting what it did not mean to.
 */
export function deletePrecondition(condition: DeleteCondition): ((current: ObjectMeta) => void) | undefined {
  const { ifMatch, lastModified, size } = condition;
  if (ifMatch === undefined && lastModified === undefined && size === undefined) return undefined;
  return (current) => {
    const seconds = (ms: number) => Math.floor(ms / 1000);
    if (
      (ifMatch !== undefined && !listMatches(ifMatch, current.etag)) ||
      (lastModified !== undefined && seconds(lastModified) !== seconds(Date.parse(current.lastModified))) ||
      (size !== undefined && size !== current.size)
    ) {
      throw new S3Error('PreconditionFailed', PRECONDITION_FAILED);
    }
  };
}
