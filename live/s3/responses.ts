import type { ServerResponse } from 'node:http';
import type { ObjectMeta } from './objectMeta.ts';
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
  for (const [name, value] of Object.entries(meta.userMetadata)) headers[`x-amz-meta-${name}`] = value;
  return headers;
}
