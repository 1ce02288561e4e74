import type { ServerResponse } from 'node:http';
import type { ObjectMeta, StoredChecksum } from './objectMeta.ts';
import { xmlDocument, type XmlFields } from './xml.ts';

/** Sends `<root xmlns="…">fields</root>` as an S3 XML response. */
export function sendXml(res: ServerResponse, status: number, root: string, fields: XmlFields): void {
  const bytes = Buffer.from(xmlDocument(root, fields));
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': bytes.length });
  res.end(bytes);
}

export function sendEmpty(res: ServerResponse, status: number, headers: Record<string, string | number> = {}): void {
  res.writeHead(status, { ...headers, 'content-length': 0 });
  res.end();
}

export function httpDate(iso: string): string {
  return new Date(iso).toUTCString();
}

/** The headers GET and HEAD send for an object (without length and range). */
export function objectHeaders(meta: ObjectMeta): Record<string, string> {
  const headers: Record<string, string> = {
    etag: meta.etag,
    'last-modified': httpDate(meta.lastModified),
    'accept-ranges': 'bytes',
    'content-type': 'binary/octet-stream',
    ...meta.headers,
  };
  for (const [name, value] of Object.entries(meta.userMetadata)) headers[`x-amz-meta-${name}`] = headerSafe(value);
  return headers;
}

/**
 * A metadata value as an HTTP header can carry it: Latin-1 text as its bytes (what
 * clients read back), anything wider RFC 2047-encoded as S3 does (`=?UTF-8?B?…?=`).
 */
export function headerSafe(value: string): string {
  return /^[\x20-\x7e\xa0-\xff\t]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value).toString('base64')}?=`;
}

/** x-amz-checksum-<alg> and x-amz-checksum-type, as GET/HEAD/PUT answers carry them. */
export function checksumHeaders(checksum: StoredChecksum | undefined): Record<string, string> {
  if (!checksum) return {};
  return { [`x-amz-checksum-${checksum.algorithm}`]: checksum.value, 'x-amz-checksum-type': checksum.type ?? 'FULL_OBJECT' };
}
