import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { Transform, Writable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AwsChunkedDecoder } from './awsChunkedDecoder.ts';
import { createChecksum, isChecksumAlgorithm, type Checksum, type ChecksumAlgorithm } from './checksums.ts';
import { S3Error } from './s3Error.ts';
import type { VerifiedAuth } from './sigv4.ts';

/** What was received, after every integrity check the request asked for has passed. */
export interface ReceivedBody {
  size: number;
  md5Hex: string;
  checksum?: { algorithm: ChecksumAlgorithm; value: string };
}

/** The flexible checksum the client sends, in a header now or in a trailer later. */
function requestedChecksum(req: IncomingMessage): { algorithm: ChecksumAlgorithm; headerValue?: string } | undefined {
  for (const [name, value] of Object.entries(req.headers)) {
    const algorithm = /^x-amz-checksum-(.+)$/.exec(name)?.[1];
    if (algorithm && algorithm !== 'type' && algorithm !== 'mode' && algorithm !== 'algorithm') {
      if (!isChecksumAlgorithm(algorithm)) throw new S3Error('InvalidRequest', `Unsupported checksum ${name}`);
      return { algorithm, headerValue: String(value) };
    }
  }
  const trailer = String(req.headers['x-amz-trailer'] ?? '').trim().toLowerCase();
  const algorithm = /^x-amz-checksum-(.+)$/.exec(trailer)?.[1];
  if (algorithm === undefined) return undefined;
  if (!isChecksumAlgorithm(algorithm)) throw new S3Error('InvalidRequest', `Unsupported trailer ${trailer}`);
  return { algorithm };
}

/** Counts and hashes the decoded payload on its way to the sink, enforcing the size limit. */
class Tap extends Transform {
  size = 0;
  readonly md5 = createHash('md5');
  readonly sha256 = createHash('sha256');
  constructor(
    private readonly maxBytes: number,
    private readonly checksum: Checksum | undefined,
    private readonly wantSha256: boolean,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      callback(new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size.'));
      return;
    }
    this.md5.update(chunk);
    if (this.wantSha256) this.sha256.update(chunk);
    this.checksum?.update(chunk);
    callback(null, chunk);
  }
}

/**
 * Streams the request payload into `sink`, decoding aws-chunked bodies (signed or not),
 * and verifies what the client vouched for: decoded length, x-amz-content-sha256,
 * Content-MD5 and a flexible checksum from a header or a trailer.
 */
export interface ReceiveOptions {
  /**
   * The checksum this body must have (a multipart upload created with one): computed
   * even when the client sends none; a different algorithm from the client is refused.
   */
  checksumAlgorithm?: ChecksumAlgorithm;
  /**
   * False when x-amz-checksum-* headers describe something else than this body
   * (CompleteMultipartUpload: the whole object).
   */
  bodyChecksumHeaders?: boolean;
}

export async function receiveBody(
  req: IncomingMessage,
  auth: VerifiedAuth,
  sink: Writable,
  maxBytes: number,
  options: ReceiveOptions = {},
): Promise<ReceivedBody> {
  // aws-chunked framing is announced by a STREAMING-* x-amz-content-sha256, or by
  // Content-Encoding: aws-chunked together with the x-amz-decoded-content-length it
  // requires. A bare `aws-chunked` in Content-Encoding (a client storing that value, as
  // s3-tests' test_object_content_encoding_aws_chunked does) frames nothing.
  const chunked =
    auth.payloadHash.startsWith('STREAMING-') ||
    (/(^|,)\s*aws-chunked\s*(,|$)/i.test(String(req.headers['content-encoding'] ?? '')) &&
      req.headers['x-amz-decoded-content-length'] !== undefined);
  const declaredText = chunked ? req.headers['x-amz-decoded-content-length'] : req.headers['content-length'];
  const declared = declaredText === undefined ? undefined : Number(declaredText);
  if (declared !== undefined && !(Number.isInteger(declared) && declared >= 0)) {
    throw new S3Error('InvalidArgument', `Invalid content length: ${String(declaredText)}`);
  }
  if (declared !== undefined && declared > maxBytes) {
    throw new S3Error('EntityTooLarge', 'Your proposed upload exceeds the maximum allowed object size.');
  }
  let wanted = options.bodyChecksumHeaders === false ? undefined : requestedChecksum(req);
  if (options.checksumAlgorithm && wanted && wanted.algorithm !== options.checksumAlgorithm) {
    throw new S3Error(
      'InvalidRequest',
      `Checksum Type mismatch occurred, expected checksum Type: ${options.checksumAlgorithm}, actual checksum Type: ${wanted.algorithm}`,
    );
  }
  const computeOnly = !wanted && options.checksumAlgorithm !== undefined;
  wanted ??= options.checksumAlgorithm && { algorithm: options.checksumAlgorithm };
  const checksum = wanted && createChecksum(wanted.algorithm);
  const hexPayloadHash = /^[0-9a-f]{64}$/.test(auth.payloadHash);
  const tap = new Tap(maxBytes, checksum, hexPayloadHash);
  const signed = auth.payloadHash.startsWith('STREAMING-AWS4-HMAC-SHA256-PAYLOAD');
  const decoder = chunked ? new AwsChunkedDecoder(signed ? auth : undefined) : undefined;
  // The request is piped rather than put in the pipeline: a failing pipeline destroys
  // its streams, and destroying the request would kill the socket before the error
  // response could be sent.
  const first = decoder ?? tap;
  req.once('close', () => {
    if (!req.complete) first.destroy(new S3Error('IncompleteBody', 'The client closed the connection mid-body'));
  });
  req.pipe(first);
  if (decoder) await pipeline(decoder, tap, sink);
  else await pipeline(tap, sink);

  if (declared !== undefined && tap.size !== declared) {
    throw new S3Error('IncompleteBody', `You did not provide the number of bytes specified (${declared}, got ${tap.size})`);
  }
  if (hexPayloadHash && tap.sha256.digest('hex') !== auth.payloadHash) {
    throw new S3Error('XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }
  const md5Hex = tap.md5.digest('hex');
  const contentMd5 = req.headers['content-md5'];
  if (contentMd5 !== undefined) {
    const given = Buffer.from(String(contentMd5), 'base64');
    if (given.length !== 16) throw new S3Error('InvalidDigest', 'The Content-MD5 you specified was invalid.');
    if (given.toString('hex') !== md5Hex) {
      throw new S3Error('BadDigest', 'The Content-MD5 you specified did not match what we received.');
    }
  }
  if (!wanted || !checksum) return { size: tap.size, md5Hex };
  const value = await checksum.digest();
  if (computeOnly) return { size: tap.size, md5Hex, checksum: { algorithm: wanted.algorithm, value } };
  const expected = wanted.headerValue ?? decoder?.trailers.get(`x-amz-checksum-${wanted.algorithm}`);
  if (expected === undefined) {
    throw new S3Error('InvalidRequest', `The x-amz-checksum-${wanted.algorithm} trailer was announced but not sent`);
  }
  if (expected !== value) {
    throw new S3Error('BadDigest', `The ${wanted.algorithm.toUpperCase()} you specified did not match the calculated checksum.`);
  }
  return { size: tap.size, md5Hex, checksum: { algorithm: wanted.algorithm, value } };
}

/**
 * Receives the body into `path` (flushed), as receiveBody. On failure the file is removed
 * only once its stream has closed: removing it while the stream is still opening would
 * leave the file behind.
 */
export async function receiveToFile(
  req: IncomingMessage,
  auth: VerifiedAuth,
  path: string,
  maxBytes: number,
  options: ReceiveOptions = {},
): Promise<ReceivedBody> {
  const sink = createWriteStream(path, { flush: true });
  try {
    return await receiveBody(req, auth, sink, maxBytes, options);
  } catch (error) {
    sink.destroy();
    if (!sink.closed) await once(sink, 'close');
    await rm(path, { force: true });
    throw error;
  }
}

/** Reads a small request body (XML documents) into memory. */
export async function receiveBuffer(
  req: IncomingMessage,
  auth: VerifiedAuth,
  maxBytes: number,
  options: ReceiveOptions = {},
): Promise<Buffer> {
  const parts: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      parts.push(chunk);
      callback();
    },
  });
  await receiveBody(req, auth, sink, maxBytes, options);
  return Buffer.concat(parts);
}
