import { checksumField } from './checksums.ts';
import { MAX_PARTS } from './multipartStorage.ts';
import { httpDate, sendXml } from './responses.ts';
import type { S3Context } from './s3Context.ts';
import { S3Error } from './s3Error.ts';
import type { XmlFields } from './xml.ts';

const ATTRIBUTES = ['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize'] as const;
type Attribute = (typeof ATTRIBUTES)[number];
const MAX_LISTED_PARTS = 1000;

/** x-amz-object-attributes: a comma-separated, non-empty list of the names above. */
export function requestedAttributes(header: string | string[] | undefined): Set<Attribute> {
  const names = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) throw new S3Error('InvalidRequest', 'The x-amz-object-attributes header specifying the attributes to be retrieved is either missing or empty');
  for (const name of names) {
    if (!(ATTRIBUTES as readonly string[]).includes(name)) throw new S3Error('InvalidArgument', `Invalid attribute name specified: ${name}`);
  }
  return new Set(names as Attribute[]);
}

/** x-amz-max-parts / x-amz-part-number-marker: digits only, as the query parameters of ListParts. */
function headerInt(ctx: S3Context, name: string, fallback: number, max: number): number {
  const value = ctx.req.headers[name];
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^\d+$/.test(value.trim())) throw new S3Error('InvalidArgument', `${name} must be a non-negative integer`);
  return Math.min(Number(value), max);
}

/**
 * GetObjectAttributes: the attributes named in x-amz-object-attributes, without the
 * bytes. ETag is sent unquoted and ObjectParts only for a multipart object, as in
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetObjectAttributes.html.
 */
export async function getObjectAttributes(ctx: S3Context): Promise<void> {
  const wanted = requestedAttributes(ctx.req.headers['x-amz-object-attributes']);
  const meta = ctx.objects.head(ctx.bucket, ctx.key);
  if (!meta) throw new S3Error('NoSuchKey', 'The specified key does not exist.');
  const fields: XmlFields = {};
  if (wanted.has('ETag')) fields.ETag = meta.etag.replace(/^"|"$/g, '');
  if (wanted.has('Checksum') && meta.checksum) {
    fields.Checksum = { [checksumField(meta.checksum.algorithm)]: meta.checksum.value, ChecksumType: meta.checksum.type ?? 'FULL_OBJECT' };
  }
  if (wanted.has('ObjectParts') && meta.parts) {
    const marker = headerInt(ctx, 'x-amz-part-number-marker', 0, MAX_PARTS);
    const maxParts = headerInt(ctx, 'x-amz-max-parts', MAX_LISTED_PARTS, MAX_LISTED_PARTS);
    const numbered = meta.parts.map((part, i) => ({ ...part, partNumber: i + 1 })).filter((p) => p.partNumber > marker);
    const page = numbered.slice(0, maxParts);
    const algorithm = meta.checksum?.algorithm;
    fields.ObjectParts = {
      PartsCount: meta.parts.length,
      PartNumberMarker: marker,
      NextPartNumberMarker: page.length > 0 ? page[page.length - 1]!.partNumber : undefined,
      MaxParts: maxParts,
      IsTruncated: numbered.length > page.length,
      Part: page.map((p) => ({
        PartNumber: p.partNumber,
        Size: p.size,
        ...(algorithm && p.checksum ? { [checksumField(algorithm)]: p.checksum } : {}),
      })),
    };
  }
  if (wanted.has('StorageClass')) fields.StorageClass = 'STANDARD';
  if (wanted.has('ObjectSize')) fields.ObjectSize = meta.size;
  ctx.res.setHeader('last-modified', httpDate(meta.lastModified));
  sendXml(ctx.res, 200, 'GetObjectAttributesResponse', fields);
}
