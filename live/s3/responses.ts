import type { ServerResponse } from 'node:http';
import type { ObjectMeta } from './objectMeta.ts';

export const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

export function sendXml(res: ServerResponse, status: number, body: string): void {
  const bytes = Buffer.from(XML_DECLARATION + body);
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
