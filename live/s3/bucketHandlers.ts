import { listObjectsV2 } from './listObjectsV2.ts';
import { receiveBuffer } from './receiveBody.ts';
import { sendEmpty, sendXml } from './responses.ts';
import type { S3Context } from './s3Context.ts';
import { S3Error } from './s3Error.ts';

const OWNER = { ID: 'fave', DisplayName: 'fave' };
const MAX_CONFIG_BYTES = 64 * 1024;

export async function listBuckets(ctx: S3Context): Promise<void> {
  const buckets = ctx.objects.listBuckets().map((b) => ({ Name: b.name, CreationDate: b.created }));
  sendXml(ctx.res, 200, 'ListAllMyBucketsResult', { Owner: OWNER, Buckets: { Bucket: buckets } });
}

export async function createBucket(ctx: S3Context): Promise<void> {
  // The optional CreateBucketConfiguration (location) is read and ignored: one region.
  await receiveBuffer(ctx.req, ctx.auth, MAX_CONFIG_BYTES);
  await ctx.objects.createBucket(ctx.bucket);
  sendEmpty(ctx.res, 200, { location: `/${ctx.bucket}` });
}

export async function headBucket(ctx: S3Context): Promise<void> {
  const status = ctx.objects.hasBucket(ctx.bucket) ? 200 : 404;
  sendEmpty(ctx.res, status, { 'x-amz-bucket-region': ctx.region });
}

export async function deleteBucket(ctx: S3Context): Promise<void> {
  await ctx.objects.deleteBucket(ctx.bucket);
  sendEmpty(ctx.res, 204);
}

export async function getBucketLocation(ctx: S3Context): Promise<void> {
  if (!ctx.objects.hasBucket(ctx.bucket)) throw new S3Error('NoSuchBucket', 'The specified bucket does not exist');
  // S3 reports us-east-1 as an empty constraint.
  sendXml(ctx.res, 200, 'LocationConstraint', { '#text': ctx.region === 'us-east-1' ? '' : ctx.region });
}

function intParam(value: string | null, name: string, fallback: number): number {
  if (value === null) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new S3Error('InvalidArgument', `${name} must be a non-negative integer`);
  return n;
}

export async function listObjectsV2Handler(ctx: S3Context): Promise<void> {
  const q = ctx.query;
  const urlEncode = q.get('encoding-type') === 'url';
  if (q.has('encoding-type') && !urlEncode) throw new S3Error('InvalidArgument', 'Invalid Encoding Method specified in Request');
  // With encoding-type=url, S3 URL-encodes keys and prefixes in the answer.
  const text = (s: string) => (urlEncode ? encodeURIComponent(s).replace(/%2F/g, '/') : s);
  const request = {
    prefix: q.get('prefix') ?? '',
    delimiter: q.get('delimiter') ?? '',
    maxKeys: Math.min(intParam(q.get('max-keys'), 'max-keys', 1000), 1000),
    startAfter: q.get('start-after') ?? '',
    continuationToken: q.get('continuation-token') ?? undefined,
  };
  const page = listObjectsV2(ctx.objects.sortedKeys(ctx.bucket), (key) => ctx.objects.head(ctx.bucket, key)!, request);
  sendXml(ctx.res, 200, 'ListBucketResult', {
    Name: ctx.bucket,
    Prefix: text(request.prefix),
    Delimiter: request.delimiter ? text(request.delimiter) : undefined,
    MaxKeys: request.maxKeys,
    KeyCount: page.contents.length + page.commonPrefixes.length,
    IsTruncated: page.isTruncated,
    EncodingType: urlEncode ? 'url' : undefined,
    ContinuationToken: request.continuationToken || undefined,
    NextContinuationToken: page.nextContinuationToken,
    StartAfter: request.startAfter ? text(request.startAfter) : undefined,
    Contents: page.contents.map((m) => ({
      Key: text(m.key),
      LastModified: m.lastModified,
      ETag: m.etag,
      Size: m.size,
      StorageClass: 'STANDARD',
    })),
    CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: text(p) })),
  });
}
