import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-sdk/checksums/sha';
import { ALGORITHM_IDENTIFIER, createScope, getCanonicalHeaders, getSigningKey, SignatureV4 } from '@smithy/signature-v4';
import { S3Error } from './s3Error.ts';

/**
 * AWS Signature Version 4 verification for S3 (header and presigned-query forms). This
 * module reads the request's claims (Authorization header or X-Amz-* query, credential
 * scope, date, expiry, payload mode) and enforces the server's rules on them; the
 * signature it expects is computed by the AWS SDK's signer, @smithy/signature-v4 (the
 * canonical request, string to sign and signing key), over exactly the headers the
 * client says it signed. S3 signs the path encoded once (no double encoding), so the
 * canonical URI is the request path with each segment decoded and re-encoded the strict
 * RFC 3986 way.
 */

export const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');
export const ALGORITHM = ALGORITHM_IDENTIFIER;
const MAX_SKEW_MS = 15 * 60 * 1000;
/** The longest a presigned URL may live, as S3 (and the SDK's presigner) allow: 7 days. */
export const MAX_PRESIGNED_EXPIRES_S = 604_800;
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
  signingKey: Uint8Array;
  /** The request time in ISO 8601 basic form (what chunk signatures sign). */
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

/** The query as the signer takes it: decoded names and values ('+' stays '+', as SigV4 signs it). */
export function signedQuery(rawQuery: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  for (const part of rawQuery.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = decode(eq < 0 ? part : part.slice(0, eq));
    const value = decode(eq < 0 ? '' : part.slice(eq + 1));
    const previous = Object.hasOwn(query, name) ? query[name] : undefined;
    query[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return query;
}

// ignoreBOM: a leading U+FEFF is part of the value the client signed, not a marker to drop.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * A header value as the client wrote it. Node reads header bytes as Latin-1; a client
 * that sent UTF-8 (botocore does, for non-ASCII x-amz-meta-* values) signed the UTF-8
 * text, so bytes that form valid UTF-8 are read as UTF-8; anything else stays Latin-1.
 */
export function headerText(latin1: string): string {
  if (/^[\x00-\x7f]*$/.test(latin1)) return latin1;
  try {
    return utf8.decode(Buffer.from(latin1, 'latin1'));
  } catch {
    return latin1;
  }
}

export function headerValues(rawHeaders: string[]): Map<string, string> {
  const values = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const list = values.get(name) ?? [];
    list.push(headerText(rawHeaders[i + 1]!).trim().replace(/\s+/g, ' '));
    values.set(name, list);
  }
  return new Map([...values].map(([name, list]) => [name, list.join(',')]));
}

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

export function signString(key: Uint8Array, stringToSign: string): string {
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
  /** ISO 8601 basic (20130524T000000Z), from x-amz-date, Date or X-Amz-Date. */
  timestamp: string;
  payloadHash: string;
  presigned: boolean;
}

/** The request time from x-amz-date / X-Amz-Date (ISO 8601 basic), or from an HTTP Date header. */
function parseTimestamp(text: string, httpDate: boolean): { time: number; timestamp: string } {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  const time = m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : httpDate ? Date.parse(text) : NaN;
  if (!Number.isFinite(time) || (!m && !/GMT$|UTC$|[+-]0000$/.test(text.trim()))) {
    throw new S3Error('AccessDenied', `AWS authentication requires a valid Date or x-amz-date header`);
  }
  return { time, timestamp: new Date(time).toISOString().replace(/[-:]|\.\d{3}/g, '') };
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
  // x-amz-date wins; without it SigV4 takes the time from the Date header.
  const amzDate = headers.get('x-amz-date');
  const date = headers.get('date');
  if (!amzDate && !date) throw new S3Error('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
  const { timestamp } = amzDate ? parseTimestamp(amzDate, true) : parseTimestamp(date!, true);
  const payloadHash = headers.get('x-amz-content-sha256');
  if (!payloadHash) {
    throw new S3Error('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  }
  return { credential, signedHeaders, signature, timestamp, payloadHash, presigned: false };
}

function queryFields(query: URLSearchParams, headers: Map<string, string>, now: Date): AuthFields {
  if (query.get('X-Amz-Algorithm') !== ALGORITHM) {
    throw new S3Error('InvalidRequest', 'Only AWS Signature Version 4 (AWS4-HMAC-SHA256) is supported');
  }
  const credential = query.get('X-Amz-Credential');
  const signedHeaders = query.get('X-Amz-SignedHeaders');
  const signature = query.get('X-Amz-Signature');
  const date = query.get('X-Amz-Date');
  const expiresText = query.get('X-Amz-Expires') ?? '';
  if (!credential || !signedHeaders || !signature || !date || !/^-?\d+$/.test(expiresText)) {
    throw new S3Error('AuthorizationQueryParametersError', 'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.');
  }
  const expires = Number(expiresText);
  if (expires < 0) throw new S3Error('AccessDenied', 'X-Amz-Expires must be non-negative');
  if (expires > MAX_PRESIGNED_EXPIRES_S) {
    throw new S3Error('AccessDenied', `X-Amz-Expires must be less than a week (in seconds) that is ${MAX_PRESIGNED_EXPIRES_S}`);
  }
  const { time, timestamp } = parseTimestamp(date, false);
  if (now.getTime() >= time + expires * 1000) throw new S3Error('AccessDenied', 'Request has expired');
  // The SDK presigner hoists x-amz-content-sha256 into the query; absent, S3 assumes unsigned.
  const payloadHash = headers.get('x-amz-content-sha256') ?? query.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD';
  return { credential, signedHeaders, signature, timestamp, payloadHash, presigned: true };
}

// One signer per credentials object (a server keeps one); Sha256 is the SDK's, over node:crypto.
const signers = new WeakMap<SigV4Credentials, SignatureV4Verifier>();

/** The SDK's signer, with its canonical-request and string-to-sign steps opened up for checking. */
class SignatureV4Verifier extends SignatureV4 {
  constructor(credentials: SigV4Credentials) {
    super({ credentials, region: credentials.region, service: 's3', sha256: Sha256, uriEscapePath: false, applyChecksum: false });
  }

  async expectedSignature(
    request: Parameters<typeof getCanonicalHeaders>[0],
    signedNames: string[],
    payloadHash: string,
    timestamp: string,
    scope: string,
    key: Uint8Array,
  ): Promise<string> {
    const canonicalHeaders = getCanonicalHeaders(request, undefined, new Set(signedNames));
    const canonicalRequest = this.createCanonicalRequest(request, canonicalHeaders, payloadHash);
    return signString(key, await this.createStringToSign(timestamp, scope, canonicalRequest, ALGORITHM));
  }
}

/** Checks the request's signature against the one configured key pair, or throws S3Error. */
export async function verifySigV4(request: SigV4Request, credentials: SigV4Credentials, now: Date): Promise<VerifiedAuth> {
  const headers = headerValues(request.rawHeaders);
  const q = request.url.indexOf('?');
  const rawPath = q < 0 ? request.url : request.url.slice(0, q);
  const rawQuery = q < 0 ? '' : request.url.slice(q + 1);
  const query = new URLSearchParams(rawQuery);
  const authorization = headers.get('authorization');
  let fields: AuthFields;
  if (authorization !== undefined) {
    if (authorization === '') throw new S3Error('AccessDenied', 'Anonymous access is not allowed');
    fields = headerFields(authorization, headers);
  } else if (query.has('X-Amz-Signature') || query.has('X-Amz-Credential')) fields = queryFields(query, headers, now);
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
    throw new S3Error('AuthorizationHeaderMalformed', 'The credential date does not match the request date');
  }
  if (!fields.presigned && Math.abs(now.getTime() - parseTimestamp(fields.timestamp, false).time) > MAX_SKEW_MS) {
    throw new S3Error('RequestTimeTooSkewed', 'The difference between the request time and the server time is too large.');
  }
  if (!PAYLOAD_MODES.has(fields.payloadHash) && !/^[0-9a-f]{64}$/.test(fields.payloadHash)) {
    throw new S3Error('InvalidArgument', `Invalid x-amz-content-sha256: ${fields.payloadHash}`);
  }
  const signedNames = fields.signedHeaders.split(';');
  if (!signedNames.includes('host')) {
    throw new S3Error('AuthorizationHeaderMalformed', 'The host header must be signed');
  }
  const signedHeaders: Record<string, string> = {};
  for (const name of signedNames) {
    const value = headers.get(name);
    if (value !== undefined) signedHeaders[name] = value;
  }
  const scope = createScope(date, region, 's3');
  const key = await getSigningKey(Sha256, credentials, date, region, 's3');
  let signer = signers.get(credentials);
  if (!signer) signers.set(credentials, (signer = new SignatureV4Verifier(credentials)));
  const expected = await signer.expectedSignature(
    { method: request.method, protocol: 'http:', hostname: '', path: canonicalUri(rawPath), query: signedQuery(rawQuery), headers: signedHeaders },
    signedNames,
    fields.payloadHash,
    fields.timestamp,
    scope,
    key,
  );
  if (!signaturesEqual(expected, fields.signature)) {
    throw new S3Error(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
    );
  }
  return { payloadHash: fields.payloadHash, signature: fields.signature, signingKey: key, timestamp: fields.timestamp, scope };
}
