import { createHash, createHmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { S3Error } from './s3Error.ts';
import { verifySigV4 } from './sigv4.ts';

// The worked examples from the AWS documentation "Signature Calculations for the
// Authorization Header" (example key pair, 2013-05-24).
const credentials = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  region: 'us-east-1',
};
const now = new Date(Date.UTC(2013, 4, 24, 0, 1));
const getObject = {
  method: 'GET',
  url: '/test.txt',
  rawHeaders: [
    'Host', 'examplebucket.s3.amazonaws.com',
    'Range', 'bytes=0-9',
    'x-amz-content-sha256', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    'x-amz-date', '20130524T000000Z',
    'Authorization',
    'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,' +
      'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,' +
      'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
  ],
};

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as S3Error).code;
  }
  return 'no error';
}

describe('verifySigV4', () => {
  it('verifySigV4 accepts the AWS documentation GET Object example', () => {
    const auth = verifySigV4(getObject, credentials, now);
    expect(auth.scope).toBe('20130524/us-east-1/s3/aws4_request');
    expect(auth.payloadHash).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('verifySigV4 rejects the example signed with another secret', () => {
    expect(codeOf(() => verifySigV4(getObject, { ...credentials, secretAccessKey: 'other' }, now))).toBe(
      'SignatureDoesNotMatch',
    );
  });

  it('verifySigV4 rejects a tampered signed header', () => {
    const rawHeaders = getObject.rawHeaders.map((v) => (v === 'bytes=0-9' ? 'bytes=0-10' : v));
    expect(codeOf(() => verifySigV4({ ...getObject, rawHeaders }, credentials, now))).toBe('SignatureDoesNotMatch');
  });

  it('verifySigV4 rejects an unknown access key with InvalidAccessKeyId', () => {
    expect(codeOf(() => verifySigV4(getObject, { ...credentials, accessKeyId: 'SOMEONEELSE' }, now))).toBe(
      'InvalidAccessKeyId',
    );
  });

  it('verifySigV4 rejects a request dated far from the server clock', () => {
    expect(codeOf(() => verifySigV4(getObject, credentials, new Date(Date.UTC(2013, 4, 25))))).toBe(
      'RequestTimeTooSkewed',
    );
  });

  it('verifySigV4 rejects a request without credentials as AccessDenied', () => {
    const rawHeaders = getObject.rawHeaders.slice(0, -2);
    expect(codeOf(() => verifySigV4({ ...getObject, rawHeaders }, credentials, now))).toBe('AccessDenied');
  });

  it('verifySigV4 accepts the AWS streaming PUT example and returns its seed signature', () => {
    const auth = verifySigV4(
      {
        method: 'PUT',
        url: '/examplebucket/chunkObject.txt',
        rawHeaders: [
          'Host', 's3.amazonaws.com',
          'x-amz-date', '20130524T000000Z',
          'x-amz-storage-class', 'REDUCED_REDUNDANCY',
          'Authorization',
          'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,' +
            'SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;' +
            'x-amz-decoded-content-length;x-amz-storage-class,' +
            'Signature=4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9',
          'x-amz-content-sha256', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
          'Content-Encoding', 'aws-chunked',
          'x-amz-decoded-content-length', '66560',
          'Content-Length', '66824',
        ],
      },
      credentials,
      now,
    );
    expect(auth.signature).toBe('4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9');
  });

  it('verifySigV4 accepts a URL presigned by the SDK signer until it expires', async () => {
    // The SDK's hash interface over node:crypto (HMAC when given a secret).
    class Sha256 {
      private readonly hash;
      constructor(secret?: string | Uint8Array) {
        this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', secret);
      }
      update(data: string | Uint8Array): void {
        this.hash.update(data);
      }
      async digest(): Promise<Uint8Array> {
        return new Uint8Array(this.hash.digest());
      }
    }
    const signer = new SignatureV4({ ...credentials, service: 's3', sha256: Sha256 as never, uriEscapePath: false, credentials });
    const signed = await signer.presign(
      {
        method: 'GET',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: 9000,
        path: '/bucket/some%20key%21.txt',
        query: { 'x-id': 'GetObject' },
        headers: { host: '127.0.0.1:9000', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' },
      },
      { signingDate: now, expiresIn: 60 },
    );
    const query = Object.entries(signed.query ?? {})
      .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`)
      .join('&');
    const request = { method: 'GET', url: `${signed.path}?${query}`, rawHeaders: ['Host', '127.0.0.1:9000'] };
    expect(verifySigV4(request, credentials, new Date(now.getTime() + 30_000)).payloadHash).toBe('UNSIGNED-PAYLOAD');
    expect(codeOf(() => verifySigV4(request, credentials, new Date(now.getTime() + 120_000)))).toBe('AccessDenied');
    const tampered = { ...request, url: request.url.replace('some%20key', 'other%20key') };
    expect(codeOf(() => verifySigV4(tampered, credentials, now))).toBe('SignatureDoesNotMatch');
  });
});
