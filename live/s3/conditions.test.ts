import {
  CopyObjectCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  HeadObjectCommand,
  type CopyObjectCommandInput,
  type DeleteObjectCommandInput,
  type GetObjectCommandInput,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, getBytes, keyOf, md5, putText, startS3TestTarget, type S3TestTarget } from './s3TestTarget.ts';

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

describe('conditional requests through @aws-sdk/client-s3', () => {
  it('PutObject with If-None-Match: * creates once and then fails with PreconditionFailed', async () => {
    await put('once.json', '{"v":1}', { IfNoneMatch: '*' });
    expect(await failure(put('once.json', '{"v":2}', { IfNoneMatch: '*' }))).toEqual({ name: 'PreconditionFailed', status: 412 });
    expect((await get('once.json')).body.toString()).toBe('{"v":1}');
  });

  it('PutObject with If-Match replaces only the version whose ETag it names', async () => {
    const first = await put('cas.json', 'v1');
    const second = await put('cas.json', 'v2', { IfMatch: first.ETag });
    expect(await failure(put('cas.json', 'v3', { IfMatch: first.ETag }))).toEqual({ name: 'PreconditionFailed', status: 412 });
    expect((await get('cas.json')).body.toString()).toBe('v2');
    await put('cas.json', 'v4', { IfMatch: second.ETag });
    expect((await get('cas.json')).body.toString()).toBe('v4');
  });

  it('PutObject with If-Match on a missing key fails with 404 NoSuchKey, as on AWS, and creates nothing', async () => {
    const result = await failure(put('absent.json', 'x', { IfMatch: `"${md5('x')}"` }));
    // AWS answers 404 NoSuchKey (no object to compare with); MinIO answers 412.
    expect(result).not.toBe('resolved');
    if (!external) expect(result).toEqual({ name: 'NoSuchKey', status: 404 });
    const star = await failure(put('absent.json', 'x', { IfMatch: '*' }));
    expect(star).not.toBe('resolved');
    if (!external) expect(star).toEqual({ name: 'NoSuchKey', status: 404 });
    expect(await failure(get('absent.json'))).toMatchObject({ name: 'NoSuchKey' });
  });

  it('GetObject and HeadObject honour If-Match (412) and If-None-Match (304)', async () => {
    const { ETag } = await put('cond-get.txt', 'abc');
    expect((await get('cond-get.txt', { IfMatch: ETag })).body.toString()).toBe('abc');
    expect(await failure(get('cond-get.txt', { IfMatch: '"0000"' }))).toMatchObject({ status: 412 });
    expect(await failure(get('cond-get.txt', { IfNoneMatch: ETag }))).toMatchObject({ status: 304 });
    const head = (extra: object) => t.client.send(new HeadObjectCommand({ Bucket: t.bucket, Key: key('cond-get.txt'), ...extra }));
    expect(await failure(head({ IfMatch: '"0000"' }))).toMatchObject({ status: 412 });
    expect(await failure(head({ IfNoneMatch: ETag }))).toMatchObject({ status: 304 });
  });

  it('GetObject resolves combined conditions in S3\'s order: a holding If-Match overrides If-Unmodified-Since, a matching If-None-Match wins over If-Modified-Since', async () => {
    // GetObject API reference: If-Match true + If-Unmodified-Since false -> 200 with the data;
    // If-None-Match false + If-Modified-Since true -> 304 Not Modified.
    const { ETag } = await put('cond-order.txt', 'abc');
    const { LastModified } = await t.client.send(new HeadObjectCommand({ Bucket: t.bucket, Key: key('cond-order.txt') }));
    const past = new Date(LastModified!.getTime() - 3_600_000);
    const future = new Date(LastModified!.getTime() + 3_600_000);
    expect((await get('cond-order.txt', { IfMatch: ETag, IfUnmodifiedSince: past })).body.toString()).toBe('abc');
    expect(await failure(get('cond-order.txt', { IfNoneMatch: ETag, IfModifiedSince: past }))).toMatchObject({ status: 304 });
    // An If-None-Match that does not match lets the read through whatever If-Modified-Since says.
    expect((await get('cond-order.txt', { IfNoneMatch: '"0000"', IfModifiedSince: future })).body.toString()).toBe('abc');
    // Alone, the date conditions decide: 412 for If-Unmodified-Since, 304 for If-Modified-Since.
    expect(await failure(get('cond-order.txt', { IfUnmodifiedSince: past }))).toMatchObject({ status: 412 });
    expect(await failure(get('cond-order.txt', { IfModifiedSince: future }))).toMatchObject({ status: 304 });
    // 412 conditions are checked before 304 ones.
    expect(await failure(get('cond-order.txt', { IfMatch: '"0000"', IfNoneMatch: ETag }))).toMatchObject({ status: 412 });
  });

  it('DeleteObject with If-Match / IfMatchSize / IfMatchLastModifiedTime keeps an object that differs (412) and deletes one that matches', async (ctx) => {
    // Conditional deletes are documented for directory buckets; AWS general purpose buckets ignore them.
    if (external) ctx.skip();
    const del = (name: string, extra: Partial<DeleteObjectCommandInput>) =>
      t.client.send(new DeleteObjectCommand({ Bucket: t.bucket, Key: key(name), ...extra }));
    const { ETag } = await put('cond-del.txt', 'abcd');
    const { LastModified } = await t.client.send(new HeadObjectCommand({ Bucket: t.bucket, Key: key('cond-del.txt') }));
    const refused = { name: 'PreconditionFailed', status: 412 };
    expect(await failure(del('cond-del.txt', { IfMatch: '"0000"' }))).toEqual(refused);
    expect(await failure(del('cond-del.txt', { IfMatchSize: 5 }))).toEqual(refused);
    expect(await failure(del('cond-del.txt', { IfMatchLastModifiedTime: new Date(2015, 0, 1) }))).toEqual(refused);
    expect((await get('cond-del.txt')).body.toString()).toBe('abcd');
    await del('cond-del.txt', { IfMatch: ETag, IfMatchSize: 4, IfMatchLastModifiedTime: LastModified });
    expect(await failure(get('cond-del.txt'))).toMatchObject({ name: 'NoSuchKey' });
    // Nothing there: the delete succeeds whatever the condition.
    expect((await del('cond-del.txt', { IfMatch: '"0000"' })).$metadata.httpStatusCode).toBe(204);
  });

  it('DeleteObjects with a per-object ETag reports PreconditionFailed for a changed object and deletes the others', async (ctx) => {
    if (external) ctx.skip();
    const first = await put('cond-dels/a.txt', 'a');
    await put('cond-dels/b.txt', 'b');
    const out = await t.client.send(
      new DeleteObjectsCommand({
        Bucket: t.bucket,
        Delete: { Objects: [{ Key: key('cond-dels/a.txt'), ETag: first.ETag, Size: 1 }, { Key: key('cond-dels/b.txt'), ETag: '"0000"' }] },
      }),
    );
    expect(out.Deleted?.map((d) => d.Key)).toEqual([key('cond-dels/a.txt')]);
    expect(out.Errors?.map((e) => [e.Key, e.Code])).toEqual([[key('cond-dels/b.txt'), 'PreconditionFailed']]);
    expect((await get('cond-dels/b.txt')).body.toString()).toBe('b');
  });

  it('CopyObject honours x-amz-copy-source-if-match / -if-none-match / -if-modified-since / -if-unmodified-since with 412', async () => {
    const { ETag } = await put('copy-cond-src.txt', 'source');
    const { LastModified } = await t.client.send(new HeadObjectCommand({ Bucket: t.bucket, Key: key('copy-cond-src.txt') }));
    const past = new Date(LastModified!.getTime() - 3_600_000);
    const future = new Date(LastModified!.getTime() + 3_600_000);
    const copy = (name: string, extra: Partial<CopyObjectCommandInput>) =>
      t.client.send(new CopyObjectCommand({ Bucket: t.bucket, Key: key(name), CopySource: `${t.bucket}/${key('copy-cond-src.txt')}`, ...extra }));
    const refused = { name: 'PreconditionFailed', status: 412 };
    expect(await failure(copy('copy-cond-1.txt', { CopySourceIfMatch: '"0000"' }))).toEqual(refused);
    expect(await failure(copy('copy-cond-2.txt', { CopySourceIfNoneMatch: ETag }))).toEqual(refused);
    expect(await failure(copy('copy-cond-3.txt', { CopySourceIfModifiedSince: future }))).toEqual(refused);
    expect(await failure(copy('copy-cond-4.txt', { CopySourceIfUnmodifiedSince: past }))).toEqual(refused);
    for (const name of ['copy-cond-1.txt', 'copy-cond-2.txt', 'copy-cond-3.txt', 'copy-cond-4.txt']) {
      expect(await failure(get(name)), name).toMatchObject({ name: 'NoSuchKey' });
    }
    await copy('copy-cond-ok.txt', { CopySourceIfMatch: ETag, CopySourceIfNoneMatch: '"0000"', CopySourceIfModifiedSince: past });
    await copy('copy-cond-ok2.txt', { CopySourceIfUnmodifiedSince: future });
    expect((await get('copy-cond-ok.txt')).body.toString()).toBe('source');
    expect((await get('copy-cond-ok2.txt')).body.toString()).toBe('source');
  });

  it('PutObject with If-None-Match: * from many concurrent writers lets exactly one win', async () => {
    const writers = Array.from({ length: 16 }, (_, i) => put('race/create.json', `writer ${i}`, { IfNoneMatch: '*' }));
    const outcomes = await Promise.all(writers.map((w) => failure(w)));
    expect(outcomes.filter((o) => o === 'resolved')).toHaveLength(1);
    expect(outcomes.filter((o) => o !== 'resolved')).toEqual(Array(15).fill({ name: 'PreconditionFailed', status: 412 }));
  });

  it('PutObject with If-Match from many concurrent writers of one version lets exactly one win', async () => {
    const { ETag } = await put('race/update.json', 'v0');
    const writers = Array.from({ length: 16 }, (_, i) => put('race/update.json', `writer ${i}`, { IfMatch: ETag }));
    const outcomes = await Promise.all(writers.map((w) => failure(w)));
    expect(outcomes.filter((o) => o === 'resolved')).toHaveLength(1);
  });

  it('GetObject during concurrent overwrites always returns one whole version', async () => {
    const bodies = Array.from({ length: 8 }, (_, i) => Buffer.alloc(256 * 1024, i));
    await put('race/whole.bin', bodies[0]!);
    const reads: Promise<{ etag: string | undefined; body: Buffer }>[] = [];
    const writes = bodies.map(async (body) => {
      reads.push(get('race/whole.bin').then(({ out, body: read }) => ({ etag: out.ETag, body: read })));
      await put('race/whole.bin', body);
    });
    await Promise.all(writes);
    for (const { etag, body } of await Promise.all(reads)) {
      expect(body.length).toBe(256 * 1024);
      expect(etag).toBe(`"${md5(body)}"`);
    }
  });
});
