import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AwsChunkedDecoder } from './awsChunkedDecoder.ts';
import { Sha256 } from '@aws-sdk/checksums/sha';
import { getSigningKey } from '@smithy/signature-v4';
import type { VerifiedAuth } from './sigv4.ts';

// The AWS documentation's chunked-upload example: 65536 + 1024 bytes of "a".
const seed: VerifiedAuth = {
  payloadHash: 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  signature: '4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
  signingKey: await getSigningKey(
    Sha256,
    { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
    '20130524',
    'us-east-1',
    's3',
  ),
  timestamp: '20130524T000000Z',
  scope: '20130524/us-east-1/s3/aws4_request',
};
const chunk = (size: number, signature: string) =>
  `${size.toString(16)};chunk-signature=${signature}\r\n${'a'.repeat(size)}\r\n`;
const signedBody =
  chunk(65536, 'ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648') +
  chunk(1024, '0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497') +
  chunk(0, 'b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9');

/** Feeds `body` in `pieceSize` slices so every parser state meets a buffer boundary. */
async function decode(body: string, signing: VerifiedAuth | undefined, pieceSize = 7) {
  const bytes = Buffer.from(body, 'latin1');
  const pieces: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += pieceSize) pieces.push(bytes.subarray(i, i + pieceSize));
  const decoder = new AwsChunkedDecoder(signing);
  const out: Buffer[] = [];
  for await (const part of Readable.from(pieces).pipe(decoder)) out.push(part as Buffer);
  return { payload: Buffer.concat(out), trailers: decoder.trailers };
}

describe('AwsChunkedDecoder', () => {
  it('new AwsChunkedDecoder(seed) decodes and verifies the AWS signed example', async () => {
    const { payload } = await decode(signedBody, seed, 1000);
    expect(payload.length).toBe(66560);
    expect(payload.every((b) => b === 0x61)).toBe(true);
  });

  it('new AwsChunkedDecoder(seed) rejects a body whose data was altered', async () => {
    await expect(decode(signedBody.replace('aaaa', 'aaba'), seed, 1000)).rejects.toMatchObject({
      code: 'SignatureDoesNotMatch',
    });
  });

  it('new AwsChunkedDecoder(undefined) decodes unsigned chunks and collects the trailer', async () => {
    const body = '5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n';
    const { payload, trailers } = await decode(body, undefined, 3);
    expect(payload.toString()).toBe('hello world');
    expect(trailers.get('x-amz-checksum-crc32')).toBe('DUoRhQ==');
  });

  it('new AwsChunkedDecoder(undefined) accepts a body that ends right after the zero chunk', async () => {
    const { payload } = await decode('3\r\nabc\r\n0\r\n', undefined);
    expect(payload.toString()).toBe('abc');
  });

  it('new AwsChunkedDecoder(undefined) rejects a truncated body', async () => {
    await expect(decode('5\r\nhel', undefined)).rejects.toMatchObject({ code: 'IncompleteBody' });
  });

  it('new AwsChunkedDecoder(undefined) rejects a chunk longer than its size', async () => {
    await expect(decode('2\r\nabc\r\n0\r\n\r\n', undefined)).rejects.toMatchObject({ code: 'IncompleteBody' });
  });
});
