import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, trickleHeaders } from '../../stages/runtime/local-server-probes.ts';
import { makeClient } from './s3TestTarget.ts';
import { startS3Server, type S3Server } from './startS3Server.ts';

// The embedded S3 as a local server: the AWS SDK (path-style, Host = the endpoint it
// dialled, no Origin) still works; a foreign Host, a web page, and a client trickling its
// headers are cut. Always the embedded server: these are its own rules, not S3's.

const credentials = { accessKeyId: 'local-test', secretAccessKey: 'local-secret' };
let dir: string;
let s3: S3Server;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fave-s3-local-'));
  // Limits shrunk so a cut comes at once; only "it was cut" is checked, never when.
  s3 = await startS3Server({ dataDir: dir, ...credentials, limits: { headersTimeoutMs: 300, idleTimeoutMs: 400, checkIntervalMs: 50 } });
});
afterAll(async () => {
  await s3.close();
  await rm(dir, { recursive: true, force: true });
});

const raw = (headers: Record<string, string>, method = 'GET') => rawRequest(s3.port, { headers, method, path: '/fave/x' });

describe('startS3Server as a local server', () => {
  it('serves the AWS SDK as before, on 127.0.0.1 and on localhost', async () => {
    for (const endpoint of [s3.endpoint, `http://localhost:${s3.port}`]) {
      const client = makeClient(endpoint, credentials.accessKeyId, credentials.secretAccessKey);
      await client.send(new CreateBucketCommand({ Bucket: 'fave' })).catch((e: Error) => {
        if (!/BucketAlready/.test(e.name)) throw e;
      });
      await client.send(new PutObjectCommand({ Bucket: 'fave', Key: 'hello.txt', Body: 'hi' }));
      const got = await client.send(new GetObjectCommand({ Bucket: 'fave', Key: 'hello.txt' }));
      expect(await got.Body!.transformToString()).toBe('hi');
      client.destroy();
    }
  });

  it('refuses a foreign Host with 421 and a cross-origin request with 403, before looking at the signature', async () => {
    expect((await raw({ host: `rebind.example:${s3.port}` })).status).toBe(421);
    const page = await raw({ host: `127.0.0.1:${s3.port}`, origin: 'http://evil.example' }, 'PUT');
    expect(page.status).toBe(403);
    expect(page.body).toContain('cross-origin');
    // Unsigned but local: S3's own answer.
    expect((await raw({ host: `127.0.0.1:${s3.port}` })).status).toBe(403);
    expect((await raw({ host: `127.0.0.1:${s3.port}` })).body).toContain('<Error>');
  });

  it('cuts a client that trickles its headers', async () => {
    const answer = await trickleHeaders(s3.port, `PUT /fave/slow HTTP/1.1\r\nHost: 127.0.0.1:${s3.port}\r\nX-Slow: `);
    expect(answer).not.toContain('200 OK');
  });
});
