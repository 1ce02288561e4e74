// The stages' ensureBucket (stages/runtime/ensure-bucket.ts) against the embedded S3: here, since
// stages/ may not import live/.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { startS3Server } from './startS3Server.ts';
import { BucketError, ensureBucket } from '../../stages/runtime/ensure-bucket.ts';

const server = await startS3Server({ dataDir: mkdtempSync(path.join(tmpdir(), 'fave-bucket-')), accessKeyId: 'key', secretAccessKey: 'secret-secret', port: 0 });
const client = (secret = 'secret-secret') =>
  new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: 'key', secretAccessKey: secret } });
afterAll(() => server.close());

describe('ensureBucket', () => {
  it('creates a missing bucket once, then finds it', async () => {
    const c = client();
    expect(await ensureBucket(c, 'fave')).toBe('created');
    expect(await ensureBucket(c, 'fave')).toBe('existed');
    await expect(c.send(new HeadBucketCommand({ Bucket: 'fave' }))).resolves.toBeDefined();
  });

  it('names the bucket when the credentials are refused', async () => {
    await expect(ensureBucket(client('wrong-secret'), 'other')).rejects.toThrow(BucketError);
    await expect(ensureBucket(client('wrong-secret'), 'other')).rejects.toThrow(/^bucket other: access denied/);
  });
});
