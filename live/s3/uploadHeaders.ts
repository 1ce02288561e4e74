import type { IncomingHttpHeaders } from 'node:http';
import { STORED_HEADERS } from './objectMeta.ts';

/** The standard headers to store with an object; aws-chunked is transport, not content. */
export function storedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const stored: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    let value = headers[name];
    if (name === 'content-encoding' && value !== undefined) {
      value = value
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v !== '' && v !== 'aws-chunked')
        .join(',');
    }
    if (value) stored[name] = value;
  }
  return stored;
}

/** x-amz-meta-* headers, keyed without the prefix (names are lower-case, as S3 returns them). */
export function userMetadata(headers: IncomingHttpHeaders): Record<string, string> {
  const meta: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith('x-amz-meta-') && value !== undefined) {
      meta[name.slice('x-amz-meta-'.length)] = Array.isArray(value) ? value.join(',') : value;
    }
  }
  return meta;
}
