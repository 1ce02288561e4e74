import { listObjectsV2 } from './listObjectsV2.ts';
import { receiveBuffer } from './receiveBody.ts';
import { S3_NAMESPACE, sendEmpty, sendXml } from './responses.ts';
import type { S3Context } from './s3Context.ts';
import { S3Error } from './s3Error.ts';
import { escapeXml } from './xml.ts';

const OWNER = '<Owner><ID>fave</ID><DisplayName>fave</DisplayName></Owner>';
const MAX_CONFIG_BYTES = 64 * 1024;

export async function listBuckets(ctx: S3Context): Promise<void> {
  const buckets = ctx.objects
    .listBuckets()
    .map((b) => `<Bucket><Name>${escapeXml(b.name)}</Name><CreationDate>${b.created}</CreationDate></Bucket>`)
    .join('');
  sendXml(ctx.res, 200, `<ListAllMyBucketsResult xmlns="${S3_NAMESPACE}">${OWNER}<Buckets>${buckets}</Buckets></ListAllMyBucketsResult>`);
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
  const region = ctx.region === 'us-east-1' ? '' : escapeXml(ctx.region);
  sendXml(ctx.res, 200, `<LocationConstraint xmlns="${S3_NAMESPACE}">${region}</LocationConstraint>`);
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
  const text = (s: string) => escapeXml(urlEncode ? encodeURIComponent(s).replace(/%2F/g, '/') : s);
  const request = {
    prefix: q.get('prefix') ?? '',
    delimiter: q.get('delimiter') ?? '',
    maxKeys: Math.min(intParam(q.get('max-keys'), 'max-keys', 1000), 1000),
    startAfter: q.get('start-after') ?? '',
    continuationToken: q.get('continuation-token') ?? undefined,
  };
  const page = listObjectsV2(ctx.objects.sortedKeys(ctx.bucket), (key) => ctx.objects.head(ctx.bucket, key)!, request);
  const contents = page.contents
    .map(
      (m) =>
        `<Contents><Key>${text(m.key)}</Key><LastModified>${m.lastModified}</LastModified>` +
        `<ETag>${escapeXml(m.etag)}</ETag><Size>${m.size}</Size><StorageClass>STANDARD</StorageClass></Contents>`,
    )
    .join('');
  const prefixes = page.commonPrefixes.map((p) => `<CommonPrefixes><Prefix>${text(p)}</Prefix></CommonPrefixes>`).join('');
  const optional = (name: string, value: string | undefined, encode = false) =>
    value ? `<${name}>${encode ? text(value) : escapeXml(value)}</${name}>` : '';
  sendXml(
    ctx.res,
    200,
    `<ListBucketResult xmlns="${S3_NAMESPACE}"><Name>${escapeXml(ctx.bucket)}</Name>` +
      `<Prefix>${text(request.prefix)}</Prefix>` +
      optional('Delimiter', request.delimiter, true) +
      `<MaxKeys>${request.maxKeys}</MaxKeys><KeyCount>${page.contents.length + page.commonPrefixes.length}</KeyCount>` +
      `<IsTruncated>${page.isTruncated}</IsTruncated>` +
      optional('EncodingType', urlEncode ? 'url' : undefined) +
      optional('ContinuationToken', request.continuationToken) +
      optional('NextContinuationToken', page.nextContinuationToken) +
      optional('StartAfter', request.startAfter, true) +
      contents +
      prefixes +
      '</ListBucketResult>',
  );
}
