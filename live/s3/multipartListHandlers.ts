import { OWNER, queryInt } from './listingFields.ts';
import { checksumField } from './checksums.ts';
import { MAX_PARTS, type UploadInfo } from './multipartStorage.ts';
import { sendXml } from './responses.ts';
import type { S3Context } from './s3Context.ts';
import type { XmlFields } from './xml.ts';

const MAX_LISTED = 1000;

/** ChecksumAlgorithm / ChecksumType of an upload created with a checksum, as listings show them. */
function uploadChecksumFields(info: UploadInfo): XmlFields {
  return info.checksumAlgorithm ? { ChecksumAlgorithm: info.checksumAlgorithm.toUpperCase(), ChecksumType: info.checksumType } : {};
}

/** ListParts: the parts uploaded so far, paged by part-number-marker / max-parts. */
export async function listParts(ctx: S3Context): Promise<void> {
  const uploadId = ctx.query.get('uploadId')!;
  const { info, parts } = await ctx.uploads.parts(ctx.bucket, uploadId, ctx.key);
  const marker = queryInt(ctx.query, 'part-number-marker', 0, MAX_PARTS);
  const maxParts = queryInt(ctx.query, 'max-parts', MAX_LISTED, MAX_LISTED);
  const after = parts.filter((p) => p.partNumber > marker);
  const page = after.slice(0, maxParts);
  sendXml(ctx.res, 200, 'ListPartsResult', {
    Bucket: ctx.bucket,
    Key: ctx.key,
    UploadId: uploadId,
    Initiator: OWNER,
    Owner: OWNER,
    StorageClass: 'STANDARD',
    PartNumberMarker: marker,
    NextPartNumberMarker: page.length > 0 ? page[page.length - 1]!.partNumber : undefined,
    MaxParts: maxParts,
    IsTruncated: after.length > page.length,
    ...uploadChecksumFields(info),
    Part: page.map((p) => ({
      PartNumber: p.partNumber,
      LastModified: p.lastModified,
      ETag: p.etag,
      Size: p.size,
      ...(p.checksum && info.checksumAlgorithm ? { [checksumField(info.checksumAlgorithm)]: p.checksum } : {}),
    })),
  });
}

interface ListedUpload {
  uploadId: string;
  info: UploadInfo;
}

const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * The uploads after (key-marker, upload-id-marker), in the order S3 lists them: key in
 * UTF-8 byte order, then initiation time. Without an upload-id-marker every upload of the
 * key-marker itself was listed already; with one, those of the same key that come after
 * it in this order are next (an unknown upload-id-marker skips that key, as nothing can
 * be placed after it). A key-marker that is a common prefix (a NextKeyMarker of a
 * delimited page) also skips the keys under it: they were listed as that prefix.
 */
function uploadsAfter(uploads: ListedUpload[], keyMarker: string, uploadIdMarker: string, delimiter: string): ListedUpload[] {
  const sorted = [...uploads].sort(
    (a, b) => byteOrder(a.info.key, b.info.key) || a.info.initiated.localeCompare(b.info.initiated) || a.uploadId.localeCompare(b.uploadId),
  );
  if (keyMarker === '') return sorted;
  const markerIndex = uploadIdMarker === '' ? -1 : sorted.findIndex((u) => u.info.key === keyMarker && u.uploadId === uploadIdMarker);
  const markerIsPrefix = delimiter !== '' && keyMarker.endsWith(delimiter);
  return sorted.filter((u, i) => {
    if (markerIsPrefix && u.info.key.startsWith(keyMarker)) return false;
    const order = byteOrder(u.info.key, keyMarker);
    return order > 0 || (order === 0 && markerIndex >= 0 && i > markerIndex);
  });
}

/**
 * ListMultipartUploads: uploads in progress, with prefix / delimiter grouping and the
 * key-marker / upload-id-marker paging of
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_ListMultipartUploads.html.
 */
export async function listMultipartUploads(ctx: S3Context): Promise<void> {
  const prefix = ctx.query.get('prefix') ?? '';
  const delimiter = ctx.query.get('delimiter') ?? '';
  const keyMarker = ctx.query.get('key-marker') ?? '';
  const uploadIdMarker = ctx.query.get('upload-id-marker') ?? '';
  const maxUploads = queryInt(ctx.query, 'max-uploads', MAX_LISTED, MAX_LISTED);
  const candidates = (await ctx.uploads.list(ctx.bucket)).filter(({ info }) => info.key.startsWith(prefix));
  const uploads: XmlFields[] = [];
  const prefixes: string[] = [];
  let last: { key: string; uploadId: string } | undefined;
  let truncated = false;
  for (const { uploadId, info } of uploadsAfter(candidates, keyMarker, uploadIdMarker, delimiter)) {
    const rest = info.key.slice(prefix.length);
    const cut = delimiter === '' ? -1 : rest.indexOf(delimiter);
    const common = cut < 0 ? undefined : prefix + rest.slice(0, cut + delimiter.length);
    if (common !== undefined && prefixes.includes(common)) continue;
    if (uploads.length + prefixes.length === maxUploads) {
      truncated = true;
      break;
    }
    if (common !== undefined) prefixes.push(common);
    else {
      uploads.push({
        Key: info.key,
        UploadId: uploadId,
        Initiator: OWNER,
        Owner: OWNER,
        StorageClass: 'STANDARD',
        Initiated: info.initiated,
        ...uploadChecksumFields(info),
      });
    }
    last = { key: common ?? info.key, uploadId: common === undefined ? uploadId : '' };
  }
  sendXml(ctx.res, 200, 'ListMultipartUploadsResult', {
    Bucket: ctx.bucket,
    KeyMarker: keyMarker,
    UploadIdMarker: uploadIdMarker,
    NextKeyMarker: truncated ? last?.key : undefined,
    NextUploadIdMarker: truncated ? last?.uploadId : undefined,
    Prefix: prefix,
    Delimiter: delimiter || undefined,
    MaxUploads: maxUploads,
    IsTruncated: truncated,
    Upload: uploads,
    CommonPrefixes: prefixes.map((p) => ({ Prefix: p })),
  });
}
