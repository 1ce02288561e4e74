import { HeadObjectCommand, type GetObjectCommandInput, type PutObjectCommandInput } from '@aws-sdk/client-s3';
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

  it('PutObject with If-Match on a missing key fails', async () => {
    const result = await failure(put('absent.json', 'x', { IfMatch: `"${md5('x')}"` }));
    // AWS answers 404 NoSuchKey here; this server and MinIO answer 412.
    expect(result).not.toBe('resolved');
    if (!external) expect(result).toEqual({ name: 'PreconditionFailed', status: 412 });
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
