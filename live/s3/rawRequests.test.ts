import { connect } from 'node:net';
import { Sha256 } from '@aws-sdk/checksums/sha';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, getBytes, keyOf, startS3TestTarget, TEST_REGION, type S3TestTarget } from './s3TestTarget.ts';

// Requests no SDK would send (or not this way), written byte by byte to the embedded
// server: what it answers at the HTTP level, before and around the S3 operations.

let t: S3TestTarget;
let port: number;
beforeAll(async () => {
  t = await startS3TestTarget();
  port = Number(new URL(t.endpoint).port);
});
afterAll(async () => t?.close());

const key = (name: string) => keyOf(t, name);

/** Writes `request` on a fresh connection and resolves with everything the server sent back. */
function exchange(request: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    let text = '';
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

/** The request line and SigV4-signed headers (unsigned payload) for `method path`. */
async function signedHead(method: string, path: string, headers: Record<string, string> = {}): Promise<string> {
  const signer = new SignatureV4({
    credentials: { accessKeyId: t.accessKeyId, secretAccessKey: t.secretAccessKey },
    region: TEST_REGION,
    service: 's3',
    sha256: Sha256,
    uriEscapePath: false,
  });
  const signed = await signer.sign({
    method, protocol: 'http:', hostname: '127.0.0.1', port, path, query: {},
    headers: { host: `127.0.0.1:${port}`, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...headers },
  });
  return `${method} ${path} HTTP/1.1\r\n${Object.entries(signed.headers).map(([name, value]) => `${name}: ${value}\r\n`).join('')}`;
}

describe('startS3Server at the HTTP level (raw sockets)', () => {
  it('an empty or negative Content-Length gets 400 and an S3 error, not a dropped connection', async (ctx) => {
    if (!t.embedded) ctx.skip();
    for (const length of ['', '-1']) {
      const answer = await exchange(`PUT /${t.bucket}/${key('bad-length')} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Length: ${length}\r\n\r\n`);
      expect(answer, `Content-Length: ${length}`).toMatch(/^HTTP\/1\.1 400 /);
      expect(answer).toContain('<Code>BadRequest</Code>');
    }
  });

  it('a signed PutObject with neither Content-Length nor chunked transfer gets 411 MissingContentLength', async (ctx) => {
    if (!t.embedded) ctx.skip();
    const head = await signedHead('PUT', `/${t.bucket}/${key('no-length')}`);
    const answer = await exchange(`${head}Connection: close\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 411 /);
    expect(answer).toContain('<Code>MissingContentLength</Code>');
  });

  it('a PutObject with no or an empty Authorization is refused with 403 AccessDenied and stores nothing', async (ctx) => {
    // What s3-tests' test_object_create_bad_authorization_{none,empty} mean to send (boto3 signs over them).
    if (!t.embedded) ctx.skip();
    for (const [i, authorization] of ['', 'Authorization: \r\n'].entries()) {
      const answer = await exchange(
        `PUT /${t.bucket}/${key(`unsigned-${i}.txt`)} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${authorization}` +
          'Content-Length: 3\r\nConnection: close\r\n\r\nbar',
      );
      expect(answer, JSON.stringify(authorization)).toMatch(/^HTTP\/1\.1 403 /);
      expect(answer).toContain('<Code>AccessDenied</Code>');
      expect(await failure(getBytes(t, `unsigned-${i}.txt`))).toMatchObject({ name: 'NoSuchKey' });
    }
  });

  it('an Expect other than 100-continue is ignored as S3 does (no 417): the PutObject is stored', async (ctx) => {
    if (!t.embedded) ctx.skip();
    for (const [i, expectation] of ['200', ''].entries()) {
      const head = await signedHead('PUT', `/${t.bucket}/${key(`expect-${i}.txt`)}`, { 'content-length': '5' });
      const answer = await exchange(`${head}Expect: ${expectation}\r\nConnection: close\r\n\r\nhello`);
      expect(answer, `Expect: ${expectation}`).toMatch(/^HTTP\/1\.1 200 /);
      expect((await getBytes(t, `expect-${i}.txt`)).body.toString()).toBe('hello');
    }
  });

  it('OPTIONS (a CORS preflight) is answered without authentication: 400 without Origin, 403 AccessForbidden with one', async (ctx) => {
    if (!t.embedded) ctx.skip();
    const path = `/${t.bucket}/${key('preflight.txt')}`;
    const bare = await exchange(`OPTIONS ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
    expect(bare).toMatch(/^HTTP\/1\.1 400 /);
    expect(bare).toContain('<Code>BadRequest</Code>');
    const withOrigin = await exchange(
      `OPTIONS ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nOrigin: http://127.0.0.1:${port}\r\n` +
        'Access-Control-Request-Method: GET\r\nConnection: close\r\n\r\n',
    );
    expect(withOrigin).toMatch(/^HTTP\/1\.1 403 /);
    expect(withOrigin).toContain('<Code>AccessForbidden</Code>');
  });
});
