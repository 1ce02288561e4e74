import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { S3Error } from './s3Error.ts';
import { chunkSignature, EMPTY_SHA256, signaturesEqual, trailerSignature, type VerifiedAuth } from './sigv4.ts';

const MAX_LINE = 8 * 1024;
const CRLF = Buffer.from('\r\n');

type State = 'size' | 'data' | 'dataEnd' | 'trailer' | 'done';

/**
 * Decodes an `aws-chunked` body (`<hex size>[;chunk-signature=<sig>]\r\n<data>\r\n`…
 * `0\r\n<trailers>\r\n`) into the plain payload, verifying chunk signatures when the
 * request was signed in streaming mode. Data bytes pass through without copying, so a
 * large upload is never held in memory. Trailing headers (checksums) are collected in
 * `trailers` once the stream has finished.
 */
export class AwsChunkedDecoder extends Transform {
  readonly trailers = new Map<string, string>();
  private state: State = 'size';
  private pending: Buffer = Buffer.alloc(0);
  private remaining = 0;
  private chunkHash: Hash | undefined;
  private chunkSig = '';
  private previousSig: string;
  private trailerLines: string[] = [];
  private trailerSig: string | undefined;
  private decodedBytes = 0;

  /** `signing` is set for STREAMING-AWS4-HMAC-SHA256-PAYLOAD(-TRAILER) bodies. */
  constructor(private readonly signing: VerifiedAuth | undefined) {
    super();
    this.previousSig = signing?.signature ?? '';
  }

  get bytesDecoded(): number {
    return this.decodedBytes;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    try {
      this.consume(this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk);
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    // The SDK ends an unsigned body without trailers right after "0\r\n".
    const finished = this.state === 'done' || (this.state === 'trailer' && this.pending.length === 0);
    if (!finished) {
      callback(new S3Error('IncompleteBody', 'The aws-chunked body ended before its final chunk'));
      return;
    }
    try {
      if (this.state === 'trailer') this.finishTrailers();
      callback();
    } catch (error) {
      callback(error as Error);
    }
  }

  private consume(buf: Buffer): void {
    let offset = 0;
    while (offset < buf.length) {
      if (this.state === 'data') {
        const take = Math.min(this.remaining, buf.length - offset);
        const data = buf.subarray(offset, offset + take);
        this.chunkHash?.update(data);
        this.push(data);
        this.decodedBytes += take;
        this.remaining -= take;
        offset += take;
        if (this.remaining === 0) this.state = 'dataEnd';
        continue;
      }
      if (this.state === 'dataEnd') {
        if (buf.length - offset < 2) break;
        if (!buf.subarray(offset, offset + 2).equals(CRLF)) {
          throw new S3Error('IncompleteBody', 'An aws-chunked chunk is longer than its declared size');
        }
        offset += 2;
        this.verifyChunk(this.chunkHash?.digest('hex') ?? EMPTY_SHA256);
        this.state = 'size';
        continue;
      }
      const eol = buf.indexOf(CRLF, offset);
      if (eol < 0) break;
      const line = buf.subarray(offset, eol).toString('latin1');
      offset = eol + 2;
      if (this.state === 'size') this.startChunk(line);
      else if (this.state === 'trailer') this.trailerLine(line);
      else if (line !== '') throw new S3Error('IncompleteBody', 'Data after the end of an aws-chunked body');
    }
    this.pending = Buffer.from(buf.subarray(offset));
    if (this.pending.length > MAX_LINE && this.state !== 'data') {
      throw new S3Error('InvalidChunkSizeError', 'An aws-chunked header line is too long');
    }
  }

  private startChunk(line: string): void {
    const [sizeText, ...extensions] = line.split(';');
    if (!/^[0-9a-fA-F]{1,16}$/.test(sizeText ?? '')) {
      throw new S3Error('InvalidChunkSizeError', `Bad aws-chunked size line: ${line.slice(0, 80)}`);
    }
    const size = parseInt(sizeText!, 16);
    const sigExtension = extensions.find((e) => e.startsWith('chunk-signature='));
    this.chunkSig = sigExtension?.slice('chunk-signature='.length) ?? '';
    if (this.signing && !this.chunkSig) {
      throw new S3Error('SignatureDoesNotMatch', 'A signed aws-chunked chunk has no chunk-signature');
    }
    if (size === 0) {
      this.verifyChunk(EMPTY_SHA256);
      this.state = 'trailer';
      return;
    }
    this.remaining = size;
    this.chunkHash = this.signing ? createHash('sha256') : undefined;
    this.state = 'data';
  }

  private verifyChunk(dataSha256: string): void {
    if (!this.signing) return;
    const expected = chunkSignature(this.signing, this.previousSig, dataSha256);
    if (!signaturesEqual(expected, this.chunkSig)) {
      throw new S3Error('SignatureDoesNotMatch', 'An aws-chunked chunk signature does not match');
    }
    this.previousSig = expected;
    this.chunkHash = undefined;
  }

  private trailerLine(line: string): void {
    if (line === '') {
      this.finishTrailers();
      this.state = 'done';
      return;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw new S3Error('IncompleteBody', 'Malformed aws-chunked trailer');
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (name === 'x-amz-trailer-signature') this.trailerSig = value;
    else {
      this.trailers.set(name, value);
      this.trailerLines.push(`${name}:${value}\n`);
    }
  }

  private finishTrailers(): void {
    if (!this.signing || this.trailerLines.length === 0) return;
    const expected = trailerSignature(this.signing, this.previousSig, this.trailerLines.join(''));
    if (!this.trailerSig || !signaturesEqual(expected, this.trailerSig)) {
      throw new S3Error('SignatureDoesNotMatch', 'The aws-chunked trailer signature does not match');
    }
  }
}
