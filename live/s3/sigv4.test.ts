import { createHash, createHmac } from 'node:crypto';
import { Sha256 } from '@aws-sdk/checksums/sha';
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
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
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

async function codeOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    return (error as S3Error).code;
  }
  return 'no error';
}

describe('verifySigV4', () => {
  it('verifySigV4 accepts the AWS documentation GET Object example', async () => {
    const auth = await verifySigV4(getObject, credentials, now);
    expect(auth.scope).toBe('20130524/us-east-1/s3/aws4_request');
    expect(auth.payloadHash).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });

  it('verifySigV4 rejects the example signed with another secret', async () => {
    expect(await codeOf(() => verifySigV4(getObject, { ...credentials, secretAccessKey: 'other' }, now))).toBe(
      'SignatureDoesNotMatch',
    );
  });

  it('verifySigV4 rejects a tampered signed header', async () => {
    const rawHeaders = getObject.rawHeaders.map((v) => (v === 'bytes=0-9' ? 'bytes=0-10' : v));
    expect(await codeOf(() => verifySigV4({ ...getObject, rawHeaders }, credentials, now))).toBe('SignatureDoesNotMatch');
  });

  it('verifySigV4 rejects an unknown access key with InvalidAccessKeyId', async () => {
    expect(await codeOf(() => verifySigV4(getObject, { ...credentials, accessKeyId: 'SOMEONEELSE' }, now))).toBe(
      'InvalidAccessKeyId',
    );
  });

  it('verifySigV4 rejects a request dated far from the server clock', async () => {
    expect(await codeOf(() => verifySigV4(getObject, credentials, new Date(Date.UTC(2013, 4, 25))))).toBe(
      'RequestTimeTooSkewed',
    );
  });

  it('verifySigV4 rejects a request without credentials as AccessDenied', async () => {
    const rawHeaders = getObject.rawHeaders.slice(0, -2);
    expect(await codeOf(() => verifySigV4({ ...getObject, rawHeaders }, credentials, now))).toBe('AccessDenied');
  });

  it('verifySigV4 accepts the AWS streaming PUT example and returns its seed signature', async () => {
    const auth = await verifySigV4(
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
    const signer = new SignatureV4({ ...credentials, service: 's3', sha256: Sha256, uriEscapePath: false, credentials });
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
    expect((await verifySigV4(request, credentials, new Date(now.getTime() + 30_000))).payloadHash).toBe('UNSIGNED-PAYLOAD');
    expect(await codeOf(() => verifySigV4(request, credentials, new Date(now.getTime() + 120_000)))).toBe('AccessDenied');
    const tampered = { ...request, url: request.url.replace('some%20key', 'other%20key') };
    expect(await codeOf(() => verifySigV4(tampered, credentials, now))).toBe('SignatureDoesNotMatch');
  });

  it('verifySigV4 accepts a request dated by its Date header instead of x-amz-date (botocore does this)', async () => {
    // The GET Object example with `Date` signed in place of x-amz-date; the signature is
    // computed here step by step from the SigV4 specification, independently of the server.
    const date = 'Fri, 24 May 2013 00:00:00 GMT';
    const canonicalRequest = [
      'GET', '/test.txt', '',
      `date:${date}`, 'host:examplebucket.s3.amazonaws.com', 'range:bytes=0-9',
      `x-amz-content-sha256:${EMPTY}`, '',
      'date;host;range;x-amz-content-sha256', EMPTY,
    ].join('\n');
    const stringToSign = `AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n${sha256(canonicalRequest)}`;
    let key: Buffer | string = `AWS4${credentials.secretAccessKey}`;
    for (const part of ['20130524', 'us-east-1', 's3', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
    const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
    const request = {
      method: 'GET',
      url: '/test.txt',
      rawHeaders: [
        'Host', 'examplebucket.s3.amazonaws.com',
        'Range', 'bytes=0-9',
        'x-amz-content-sha256', EMPTY,
        'Date', date,
        'Authorization',
        'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,' +
          `SignedHeaders=date;host;range;x-amz-content-sha256,Signature=${signature}`,
      ],
    };
    expect((await verifySigV4(request, credentials, now)).timestamp).toBe('20130524T000000Z');
    const tampered = { ...request, rawHeaders: request.rawHeaders.map((v) => (v === date ? 'Fri, 24 May 2013 00:00:01 GMT' : v)) };
    expect(await codeOf(() => verifySigV4(tampered, credentials, now))).toBe('SignatureDoesNotMatch');
    const undated = { ...request, rawHeaders: request.rawHeaders.filter((v, i, all) => v !== 'Date' && all[i - 1] !== 'Date') };
    expect(await codeOf(() => verifySigV4(undated, credentials, now))).toBe('AccessDenied');
  });

  it('verifySigV4 refuses a presigned URL whose X-Amz-Expires is over 7 days or negative, before its signature', async () => {
    const signer = new SignatureV4({ ...credentials, service: 's3', sha256: Sha256, uriEscapePath: false, credentials });
    const signed = await signer.presign(
      { method: 'GET', protocol: 'http:', hostname: '127.0.0.1', port: 9000, path: '/bucket/key', query: {}, headers: { host: '127.0.0.1:9000', 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } },
      { signingDate: now, expiresIn: 604_800 },
    );
    const url = (expires: string) =>
      '/bucket/key?' +
      Object.entries({ ...signed.query, 'X-Amz-Expires': expires })
        .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(String(value))}`)
        .join('&');
    const request = (expires: string) => ({ method: 'GET', url: url(expires), rawHeaders: ['Host', '127.0.0.1:9000'] });
    // 7 days is the limit S3 and the SDK's presigner keep: accepted on its last day.
    expect((await verifySigV4(request('604800'), credentials, new Date(now.getTime() + 6.9 * 86_400_000))).payloadHash).toBe(
      'UNSIGNED-PAYLOAD',
    );
    for (const expires of ['604801', '609901', '-7']) {
      let error: S3Error | undefined;
      await verifySigV4(request(expires), credentials, now).catch((e: S3Error) => (error = e));
      expect([error?.code, error?.status], expires).toEqual(['AccessDenied', 403]);
      expect(error?.message, expires).toMatch(/X-Amz-Expires/);
    }
  });

  it('verifySigV4 reads a header sent as UTF-8 bytes (botocore\'s non-ASCII x-amz-meta-*) as the UTF-8 text it signed', async () => {
    const value = 'Hello World\u00e9 \u20ac';
    const canonicalRequest = [
      'PUT', '/bucket/key', '',
      'host:127.0.0.1:9000', `x-amz-content-sha256:${EMPTY}`, 'x-amz-date:20130524T000000Z', `x-amz-meta-title:${value}`, '',
      'host;x-amz-content-sha256;x-amz-date;x-amz-meta-title', EMPTY,
    ].join('\n');
    const stringToSign = `AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n${sha256(canonicalRequest)}`;
    let key: Buffer | string = `AWS4${credentials.secretAccessKey}`;
    for (const part of ['20130524', 'us-east-1', 's3', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
    const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
    const request = {
      method: 'PUT',
      url: '/bucket/key',
      rawHeaders: [
        'Host', '127.0.0.1:9000',
        'x-amz-content-sha256', EMPTY,
        'x-amz-date', '20130524T000000Z',
        // Node hands header bytes over as Latin-1 text.
        'x-amz-meta-title', Buffer.from(value, 'utf8').toString('latin1'),
        'Authorization',
        'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,' +
          `SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-meta-title,Signature=${signature}`,
      ],
    };
    expect((await verifySigV4(request, credentials, now)).signature).toBe(signature);
  });
});
