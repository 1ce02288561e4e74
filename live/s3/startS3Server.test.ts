import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type GetObjectCommandInput,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, getBytes, keyOf, makeClient, md5, putText, startS3TestTarget, type S3TestTarget } from './s3TestTarget.ts';
import { startS3Server } from './startS3Server.ts';

let t: S3TestTarget;
let external = false;
beforeAll(async () => {
  t = await startS3TestTarget();
  external = !t.embedded;
});
afterAll(async () => t?.close());

const key = (name: string) => keyOf(t, name);
const put = (name: string, body: PutObjectCommandInput['Body'], extra: Partial<PutObjectCommandInput> = {}) => putText(t, name, body, extra);
const get = (name: string, extra: Partial<GetObjectCommandInput> = {}) => getBytes(t, name, extra);

describe('startS3Server through @aws-sdk/client-s3', () => {
  it('CreateBucket, HeadBucket, ListBuckets and DeleteBucket manage buckets', async (ctx) => {
    if (external) ctx.skip();
    const bucket = 'fave-bucket-ops';
    await t.client.send(new CreateBucketCommand({ Bucket: bucket }));
    await t.client.send(new HeadBucketCommand({ Bucket: bucket }));
    const listed = await t.client.send(new ListBucketsCommand({}));
    expect(listed.Buckets?.map((b) => b.Name)).toEqual(expect.arrayContaining([bucket, t.bucket]));
    expect(await failure(t.client.send(new CreateBucketCommand({ Bucket: bucket })))).toEqual({
      name: 'BucketAlreadyOwnedByYou',
      status: 409,
    });
    await t.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'x', Body: 'x' }));
    expect(await failure(t.client.send(new DeleteBucketCommand({ Bucket: bucket })))).toEqual({ name: 'BucketNotEmpty', status: 409 });
    await t.client.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'x' }));
    await t.client.send(new DeleteBucketCommand({ Bucket: bucket }));
    expect(await failure(t.client.send(new HeadBucketCommand({ Bucket: bucket })))).toMatchObject({ status: 404 });
    expect(await failure(t.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'x', Body: 'x' })))).toEqual({
      name: 'NoSuchBucket',
      status: 404,
    });
  });

  it('PutObject then GetObject and HeadObject round-trip bytes, ETag, Content-Type and metadata', async () => {
    const body = 'hello, claim-check';
    const written = await put('meta.txt', body, { ContentType: 'text/plain; charset=utf-8', Metadata: { stage: 'ffmpeg-0', run: '7' } });
    expect(written.ETag).toBe(`"${md5(body)}"`);
    const { out, body: read } = await get('meta.txt');
    expect(read.toString()).toBe(body);
    expect(out.ETag).toBe(written.ETag);
    expect(out.ContentType).toBe('text/plain; charset=utf-8');
    expect(out.Metadata).toEqual({ stage: 'ffmpeg-0', run: '7' });
    const head = await t.client.send(new HeadObjectCommand({ Bucket: t.bucket, Key: key('meta.txt') }));
    expect(head.ContentLength).toBe(body.length);
    expect(head.Metadata).toEqual({ stage: 'ffmpeg-0', run: '7' });
  });

  it('GetObject with Range answers 206 with exactly the requested bytes', async () => {
    await put('range.bin', '0123456789');
    const middle = await get('range.bin', { Range: 'bytes=2-5' });
    expect(middle.body.toString()).toBe('2345');
    expect(middle.out.ContentRange).toBe('bytes 2-5/10');
    expect(middle.out.$metadata.httpStatusCode).toBe(206);
    expect((await get('range.bin', { Range: 'bytes=-3' })).body.toString()).toBe('789');
    expect((await get('range.bin', { Range: 'bytes=8-' })).body.toString()).toBe('89');
    expect(await failure(get('range.bin', { Range: 'bytes=20-30' }))).toMatchObject({ name: 'InvalidRange', status: 416 });
  });

  it('GetObject and HeadObject on a missing key fail with NoSuchKey / 404', async () => {
    expect(await failure(get('missing'))).toEqual({ name: 'NoSuchKey', status: 404 });
    expect(await failure(t.client.send(new HeadObjectCommand({ Bucket: t.bucket, Key: key('missing') })))).toMatchObject({
      status: 404,
    });
  });

  it('DeleteObject and DeleteObjects remove keys and report each deletion', async () => {
    for (const name of ['del/a', 'del/b', 'del/c']) await put(name, name);
    await t.client.send(new DeleteObjectCommand({ Bucket: t.bucket, Key: key('del/a') }));
    const result = await t.client.send(
      new DeleteObjectsCommand({ Bucket: t.bucket, Delete: { Objects: [{ Key: key('del/b') }, { Key: key('del/c') }, { Key: key('del/never') }] } }),
    );
    expect(result.Deleted?.map((d) => d.Key).sort()).toEqual([key('del/b'), key('del/c'), key('del/never')]);
    const left = await t.client.send(new ListObjectsV2Command({ Bucket: t.bucket, Prefix: key('del/') }));
    expect(left.KeyCount).toBe(0);
  });

  it('ListObjectsV2 pages with MaxKeys and continuation tokens and groups by delimiter', async () => {
    const names = Array.from({ length: 23 }, (_, i) => `list/item-${String(i).padStart(2, '0')}`);
    await Promise.all([...names, 'list/sub/x', 'list/sub/y', 'list/other/z'].map((n) => put(n, n)));
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await t.client.send(
        new ListObjectsV2Command({ Bucket: t.bucket, Prefix: key('list/item-'), MaxKeys: 10, ContinuationToken: token }),
      );
      seen.push(...(page.Contents ?? []).map((o) => o.Key!));
      token = page.NextContinuationToken;
      expect(page.IsTruncated).toBe(token !== undefined);
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toEqual(names.map(key));
    const grouped = await t.client.send(new ListObjectsV2Command({ Bucket: t.bucket, Prefix: key('list/'), Delimiter: '/' }));
    expect(grouped.CommonPrefixes?.map((p) => p.Prefix)).toEqual([key('list/other/'), key('list/sub/')]);
    expect(grouped.Contents).toHaveLength(23);
    const after = await t.client.send(new ListObjectsV2Command({ Bucket: t.bucket, Prefix: key('list/item-'), StartAfter: key('list/item-20') }));
    expect(after.Contents?.map((o) => o.Key)).toEqual([key('list/item-21'), key('list/item-22')]);
  });

  it('PutObject streams a 20 MB file (aws-chunked with trailing checksum) byte-exactly', async () => {
    const dir = t.embedded?.root ?? tmpdir();
    const path = join(dir, `stream-${Date.now()}.bin`);
    const data = randomBytes(20 * 1024 * 1024);
    await writeFile(path, data);
    const written = await put('big.bin', createReadStream(path));
    expect(written.ETag).toBe(`"${md5(data)}"`);
    // ChecksumMode makes the SDK verify the stored CRC32 against the bytes it receives.
    const { out, body } = await get('big.bin', { ChecksumMode: 'ENABLED' });
    expect(out.ChecksumCRC32).toBeDefined();
    expect(body.length).toBe(data.length);
    expect(body.equals(data)).toBe(true);
  });

  it('PutObject verifies and stores CRC32C, CRC64NVME, SHA1 and SHA256 trailers of streamed bodies', async () => {
    const dir = t.embedded?.root ?? tmpdir();
    const data = randomBytes(1024 * 1024 + 3);
    const path = join(dir, `algorithms-${Date.now()}.bin`);
    await writeFile(path, data);
    for (const algorithm of ['CRC32C', 'CRC64NVME', 'SHA1', 'SHA256'] as const) {
      await put(`algo-${algorithm}.bin`, createReadStream(path), { ChecksumAlgorithm: algorithm });
      const { out, body } = await get(`algo-${algorithm}.bin`, { ChecksumMode: 'ENABLED' });
      expect(body.equals(data)).toBe(true);
      const returned = { CRC32C: out.ChecksumCRC32C, CRC64NVME: out.ChecksumCRC64NVME, SHA1: out.ChecksumSHA1, SHA256: out.ChecksumSHA256 };
      expect(returned[algorithm]).toBeDefined();
    }
  });

  it('PutObject with a checksum that does not match the body fails with BadDigest', async () => {
    expect(await failure(put('bad-digest.txt', 'payload', { ChecksumCRC32: 'AAAAAA==' }))).toMatchObject({ status: 400 });
    expect(await failure(get('bad-digest.txt'))).toMatchObject({ name: 'NoSuchKey' });
  });

  it('CopyObject copies bytes and metadata to a new key', async () => {
    const { ETag } = await put('copy-src.txt', 'copied', { Metadata: { origin: 'src' } });
    await t.client.send(new CopyObjectCommand({ Bucket: t.bucket, Key: key('copy-dst.txt'), CopySource: `${t.bucket}/${key('copy-src.txt')}` }));
    const { out, body } = await get('copy-dst.txt');
    expect(body.toString()).toBe('copied');
    expect(out.ETag).toBe(ETag);
    expect(out.Metadata).toEqual({ origin: 'src' });
  });

  it('CopyObject of an object onto itself without REPLACE fails with 400 InvalidRequest, as on S3', async () => {
    await put('self.txt', 'me', { Metadata: { v: '1' } });
    const self = `${t.bucket}/${key('self.txt')}`;
    expect(await failure(t.client.send(new CopyObjectCommand({ Bucket: t.bucket, Key: key('self.txt'), CopySource: self })))).toEqual({
      name: 'InvalidRequest',
      status: 400,
    });
    await t.client.send(
      new CopyObjectCommand({ Bucket: t.bucket, Key: key('self.txt'), CopySource: self, MetadataDirective: 'REPLACE', Metadata: { v: '2' } }),
    );
    expect((await get('self.txt')).out.Metadata).toEqual({ v: '2' });
  });

  it('PutObject and GetObject round-trip a non-ASCII x-amz-meta-* value', async () => {
    await put('accent.txt', 'x', { Metadata: { title: 'café crème' } });
    expect((await get('accent.txt')).out.Metadata).toEqual({ title: 'café crème' });
  });

  it('PutObject keeps Content-Encoding codings as `a, b` and drops aws-chunked (transport, not content)', async () => {
    const encodingOf = async (sent: string) => {
      await put('encoded.txt', 'x', { ContentEncoding: sent });
      return (await t.client.send(new HeadObjectCommand({ Bucket: t.bucket, Key: key('encoded.txt') }))).ContentEncoding;
    };
    expect(await encodingOf('deflate, gzip')).toBe('deflate, gzip');
    expect(await encodingOf('deflate,gzip')).toBe('deflate, gzip');
    expect(await encodingOf('aws-chunked, gzip')).toBe('gzip');
    expect(await encodingOf('gzip, aws-chunked')).toBe('gzip');
    expect(await encodingOf('aws-chunked')).toBeUndefined();
  });

  it('PutObject signed with the wrong secret fails with 403 SignatureDoesNotMatch', async () => {
    const wrong = makeClient(t.endpoint, t.accessKeyId, `${t.secretAccessKey}-wrong`);
    expect(await failure(wrong.send(new PutObjectCommand({ Bucket: t.bucket, Key: key('nope'), Body: 'x' })))).toEqual({
      name: 'SignatureDoesNotMatch',
      status: 403,
    });
    wrong.destroy();
  });

  it('ListObjectsV2 with an unknown access key fails with 403 InvalidAccessKeyId', async () => {
    const stranger = makeClient(t.endpoint, 'UNKNOWNKEY', t.secretAccessKey);
    expect(await failure(stranger.send(new ListObjectsV2Command({ Bucket: t.bucket })))).toEqual({
      name: 'InvalidAccessKeyId',
      status: 403,
    });
    stranger.destroy();
  });

  it('DeleteObjects with a malformed XML body fails with MalformedXML', async () => {
    const command = new DeleteObjectsCommand({ Bucket: t.bucket, Delete: { Objects: [{ Key: key('x') }] } });
    // Corrupt the serialised body before checksums and signing, as a broken client would.
    command.middlewareStack.add(
      (next) => async (args) => {
        (args.request as { body: unknown }).body = '<Delete><Object><Key>x</Key></Delete>';
        return next(args);
      },
      { step: 'build', priority: 'high' },
    );
    expect(await failure(t.client.send(command))).toEqual({ name: 'MalformedXML', status: 400 });
  });

  it('PutObject and GetObject round-trip keys with .., %2F, unicode and spaces, storing them inside dataDir', async () => {
    const names = ['../escape.txt', 'a/../../b.txt', '..', '%2F..%2Fetc', 'ünïcødé/файл 名前.txt', 'with spaces/and+plus&amp.txt', 'x//y'];
    for (const name of names) await put(name, `content of ${name}`);
    for (const name of names) expect((await get(name)).body.toString()).toBe(`content of ${name}`);
    const listed = await t.client.send(new ListObjectsV2Command({ Bucket: t.bucket, Prefix: t.prefix }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(expect.arrayContaining(names.map(key)));
    if (t.embedded) {
      // Files are named by hash: no path anywhere under the temp root may echo a key.
      const everything = await readdir(t.embedded.root, { recursive: true });
      expect(everything.filter((path) => /escape|b\.txt|etc|файл|spaces/.test(path))).toEqual([]);
    }
  });

  it('startS3Server on the same dataDir after a restart serves every object stored before', async (ctx) => {
    if (!t.embedded) ctx.skip();
    const { ETag } = await put('persist/state.json', '{"items":[1,2,3]}', { Metadata: { gen: '3' } });
    await t.embedded!.restart();
    const { out, body } = await get('persist/state.json');
    expect(body.toString()).toBe('{"items":[1,2,3]}');
    expect(out.ETag).toBe(ETag);
    expect(out.Metadata).toEqual({ gen: '3' });
    expect(await failure(put('persist/state.json', 'x', { IfNoneMatch: '*' }))).toMatchObject({ status: 412 });
  });

  it('PutObject larger than maxObjectBytes fails with EntityTooLarge and stores nothing', async (ctx) => {
    if (!t.embedded) ctx.skip();
    const small = await startS3Server({ dataDir: join(t.embedded!.root, 'small'), accessKeyId: 'k', secretAccessKey: 's', maxObjectBytes: 1024 });
    const client = makeClient(small.endpoint, 'k', 's');
    try {
      await client.send(new CreateBucketCommand({ Bucket: 'small' }));
      const tooBig = new PutObjectCommand({ Bucket: 'small', Key: 'big', Body: randomBytes(2048) });
      expect(await failure(client.send(tooBig))).toEqual({ name: 'EntityTooLarge', status: 400 });
      await client.send(new PutObjectCommand({ Bucket: 'small', Key: 'fits', Body: randomBytes(1024) }));
      const listed = await client.send(new ListObjectsV2Command({ Bucket: 'small' }));
      expect(listed.Contents?.map((o) => o.Key)).toEqual(['fits']);
      expect(await readdir(join(t.embedded!.root, 'small', 'tmp'))).toEqual([]);
    } finally {
      client.destroy();
      await small.close();
    }
  });

  it('startS3Server logs one line per request with method, path, status and time, never the secret', async (ctx) => {
    if (!t.embedded) ctx.skip();
    const lines = t.embedded!.logLines;
    const before = lines.length;
    await put('logged.txt', 'x');
    await failure(get('not-there'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.slice(before)).toEqual([
      expect.stringMatching(new RegExp(`^PUT /${t.bucket}/${t.prefix}logged\\.txt 200 \\d+\\.\\dms$`)),
      expect.stringMatching(new RegExp(`^GET /${t.bucket}/${t.prefix}not-there 404 \\d+\\.\\dms$`)),
    ]);
    expect(lines.join('\n')).not.toContain(t.secretAccessKey);
  });
});
