import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { S3Error } from './s3Error.ts';

/**
 * AWS Signature Version 4 verification for S3 (header and presigned-query forms).
 * S3 signs the path encoded once (no double encoding), so the canonical URI is the
 * request path with each segment decoded and re-encoded the strict RFC 3986 way.
 */

export const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');
export const ALGORITHM = 'AWS4-HMAC-SHA256';
const MAX_SKEW_MS = 15 * 60 * 1000;
const PAYLOAD_MODES = new Set([
  'UNSIGNED-PAYLOAD',
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
]);

export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

export interface SigV4Request {
  method: string;
  /** The request target exactly as received (path and query). */
  url: string;
  /** Node's rawHeaders: alternating names and values. */
  rawHeaders: string[];
}

/** What a verified request tells the body decoder (payload hash, chunk-signing seed). */
export interface VerifiedAuth {
  /** x-amz-content-sha256: a hex digest the body must match, or a payload mode. */
  payloadHash: string;
  signature: string;
  signingKey: Buffer;
  timestamp: string;
  scope: string;
}

export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new S3Error('InvalidArgument', `Invalid URI encoding: ${text}`);
  }
}

export function canonicalUri(rawPath: string): string {
  return rawPath.split('/').map((segment) => uriEncode(decode(segment))).join('/');
}

export function canonicalQuery(rawQuery: string, exclude?: string): string {
  const pairs: [string, string][] = [];
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decode(eq < 0 ? part : part.slice(0, eq));
    if (name === exclude) continue;
    pairs.push([uriEncode(name), uriEncode(decode(eq < 0 ? '' : part.slice(eq + 1)))]);
  }
  pairs.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([n, v]) => `${n}=${v}`).join('&');
}

export function headerValues(rawHeaders: string[]): Map<string, string> {
  const values = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const list = values.get(name) ?? [];
    list.push(rawHeaders[i + 1]!.trim().replace(/\s+/g, ' '));
    values.set(name, list);
  }
  return new Map([...values].map(([name, list]) => [name, list.join(',')]));
}

const hmac = (key: Buffer | string, data: string): Buffer => createHmac('sha256', key).update(data).digest();
export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

export function signingKey(secret: string, date: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
}

export function signString(key: Buffer, stringToSign: string): string {
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

/** The signature of one aws-chunked chunk, chained from the previous signature. */
export function chunkSignature(auth: VerifiedAuth, previous: string, chunkSha256: string): string {
  return signString(
    auth.signingKey,
    `AWS4-HMAC-SHA256-PAYLOAD\n${auth.timestamp}\n${auth.scope}\n${previous}\n${EMPTY_SHA256}\n${chunkSha256}`,
  );
}

/** The signature of the trailing headers that close a signed aws-chunked body. */
export function trailerSignature(auth: VerifiedAuth, previous: string, trailerText: string): string {
  return signString(
    auth.signingKey,
    `AWS4-HMAC-SHA256-TRAILER\n${auth.timestamp}\n${auth.scope}\n${previous}\n${sha256Hex(trailerText)}`,
  );
}

export function signaturesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

interface AuthFields {
  credential: string;
  signedHeaders: string;
  signature: string;
  timestamp: string;
  payloadHash: string;
  /** Query parameter left out of the canonical query (presigned URLs). */
  excludeQuery?: string;
}

function parseTimestamp(timestamp: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(timestamp);
  if (!m) throw new S3Error('AccessDenied', `Invalid x-amz-date: ${timestamp}`);
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

function headerFields(authorization: string, headers: Map<string, string>): AuthFields {
  if (!authorization.startsWith(`${ALGORITHM} `)) {
    throw new S3Error('InvalidRequest', 'Only AWS Signature Version 4 (AWS4-HMAC-SHA256) is supported');
  }
  const parts = new Map<string, string>();
  for (const item of authorization.slice(ALGORITHM.length + 1).split(',')) {
    const eq = item.indexOf('=');
    if (eq > 0) parts.set(item.slice(0, eq).trim(), item.slice(eq + 1).trim());
  }
  const credential = parts.get('Credential');
  const signedHeaders = parts.get('SignedHeaders');
  const signature = parts.get('Signature');
  if (!credential || !signedHeaders || !signature) {
    throw new S3Error('AuthorizationHeaderMalformed', 'The authorization header is malformed');
  }
  const timestamp = headers.get('x-amz-date');
  if (!timestamp) throw new S3Error('AccessDenied', 'Missing x-amz-date header');
  const payloadHash = headers.get('x-amz-content-sha256');
  if (!payloadHash) {
    throw new S3Error('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  }
  return { credential, signedHeaders, signature, timestamp, payloadHash };
}

function queryFields(query: URLSearchParams, headers: Map<string, string>, now: Date): AuthFields {
  if (query.get('X-Amz-Algorithm') !== ALGORITHM) {
    throw new S3Error('InvalidRequest', 'Only AWS Signature Version 4 (AWS4-HMAC-SHA256) is supported');
  }
  const credential = query.get('X-Amz-Credential');
  const signedHeaders = query.get('X-Amz-SignedHeaders');
  const signature = query.get('X-Amz-Signature');
  const timestamp = query.get('X-Amz-Date');
  const expires = Number(query.get('X-Amz-Expires') ?? '');
  if (!credential || !signedHeaders || !signature || !timestamp || !Number.isInteger(expires)) {
    throw new S3Error('AuthorizationHeaderMalformed', 'The presigned query is malformed');
  }
  if (now.getTime() > parseTimestamp(timestamp) + expires * 1000) {
    throw new S3Error('AccessDenied', 'Request has expired');
  }
  // The SDK presigner hoists x-amz-content-sha256 into the query; absent, S3 assumes unsigned.
  const payloadHash = headers.get('x-amz-content-sha256') ?? query.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD';
  return { credential, signedHeaders, signature, timestamp, payloadHash, excludeQuery: 'X-Amz-Signature' };
}

/** Checks the request's signature against the one configured key pair, or throws S3Error. */
export function verifySigV4(request: SigV4Request, credentials: SigV4Credentials, now: Date): VerifiedAuth {
  const headers = headerValues(request.rawHeaders);
  const q = request.url.indexOf('?');
  const rawPath = q < 0 ? request.url : request.url.slice(0, q);
  const rawQuery = q < 0 ? '' : request.url.slice(q + 1);
  const query = new URLSearchParams(rawQuery);
  const authorization = headers.get('authorization');
  let fields: AuthFields;
  if (authorization) fields = headerFields(authorization, headers);
  else if (query.has('X-Amz-Signature')) fields = queryFields(query, headers, now);
  else throw new S3Error('AccessDenied', 'Anonymous access is not allowed');

  const [accessKeyId, date, region, service, terminator, ...rest] = fields.credential.split('/');
  if (!terminator || rest.length > 0 || terminator !== 'aws4_request' || service !== 's3') {
    throw new S3Error('AuthorizationHeaderMalformed', `Malformed credential scope: ${fields.credential.replace(/^[^/]*/, '…')}`);
  }
  if (accessKeyId !== credentials.accessKeyId) {
    throw new S3Error('InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  }
  if (region !== credentials.region) {
    throw new S3Error('AuthorizationHeaderMalformed', `The region '${region}' is wrong; expecting '${credentials.region}'`);
  }
  if (fields.timestamp.slice(0, 8) !== date) {
    throw new S3Error('AuthorizationHeaderMalformed', 'The credential date does not match x-amz-date');
  }
  if (!fields.excludeQuery && Math.abs(now.getTime() - parseTimestamp(fields.timestamp)) > MAX_SKEW_MS) {
    throw new S3Error('RequestTimeTooSkewed', 'The difference between the request time and the server time is too large.');
  }
  if (!PAYLOAD_MODES.has(fields.payloadHash) && !/^[0-9a-f]{64}$/.test(fields.payloadHash)) {
    throw new S3Error('InvalidArgument', `Invalid x-amz-content-sha256: ${fields.payloadHash}`);
  }
  const signedNames = fields.signedHeaders.split(';');
  if (!signedNames.includes('host')) {
    throw new S3Error('AuthorizationHeaderMalformed', 'The host header must be signed');
  }
  const canonicalHeaders = signedNames.map((name) => `${name}:${headers.get(name) ?? ''}\n`).join('');
  const canonicalRequest = [
    request.method,
    canonicalUri(rawPath),
    canonicalQuery(rawQuery, fields.excludeQuery),
    canonicalHeaders,
    fields.signedHeaders,
    fields.payloadHash,
  ].join('\n');
  const scope = `${date}/${region}/s3/aws4_request`;
  const key = signingKey(credentials.secretAccessKey, date!, region, 's3');
  const expected = signString(key, `${ALGORITHM}\n${fields.timestamp}\n${scope}\n${sha256Hex(canonicalRequest)}`);
  if (!signaturesEqual(expected, fields.signature)) {
    throw new S3Error(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
  }
  return { payloadHash: fields.payloadHash, signature: fields.signature, signingKey: key, timestamp: fields.timestamp, scope };
}
