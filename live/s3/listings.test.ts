import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  ListBucketsCommand,
  ListMultipartUploadsCommand,
  ListObjectsCommand,
  type PutObjectCommandInput,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { failure, keyOf, putText, startS3TestTarget, type S3TestTarget } from './s3TestTarget.ts';

let t: S3TestTarget;
beforeAll(async () => {
  t = await startS3TestTarget();
});
afterAll(async () => t?.close());

const key = (name: string) => keyOf(t, name);
const put = (name: string, body: PutObjectCommandInput['Body']) => putText(t, name, body);

describe('listings through @aws-sdk/client-s3', () => {
  it('ListObjects (v1) pages with Marker, gives NextMarker with a delimiter, and groups by it', async () => {
    const names = ['v1/a', 'v1/b', 'v1/c/1', 'v1/c/2', 'v1/d'];
    await Promise.all(names.map((n) => put(n, n)));
    const first = await t.client.send(new ListObjectsCommand({ Bucket: t.bucket, Prefix: key('v1/'), MaxKeys: 2 }));
    expect([first.Contents?.map((o) => o.Key), first.IsTruncated]).toEqual([[key('v1/a'), key('v1/b')], true]);
    const rest = await t.client.send(new ListObjectsCommand({ Bucket: t.bucket, Prefix: key('v1/'), Marker: key('v1/b') }));
    expect(rest.Contents?.map((o) => o.Key)).toEqual([key('v1/c/1'), key('v1/c/2'), key('v1/d')]);
    const grouped = await t.client.send(new ListObjectsCommand({ Bucket: t.bucket, Prefix: key('v1/'), Delimiter: '/', MaxKeys: 3 }));
    expect(grouped.Contents?.map((o) => o.Key)).toEqual([key('v1/a'), key('v1/b')]);
    expect(grouped.CommonPrefixes?.map((p) => p.Prefix)).toEqual([key('v1/c/')]);
    expect([grouped.IsTruncated, grouped.NextMarker]).toEqual([true, key('v1/c/')]);
    const after = await t.client.send(new ListObjectsCommand({ Bucket: t.bucket, Prefix: key('v1/'), Delimiter: '/', Marker: grouped.NextMarker }));
    expect([after.Contents?.map((o) => o.Key), after.CommonPrefixes, after.IsTruncated]).toEqual([[key('v1/d')], undefined, false]);
  });

  it('ListObjects (v1) with encoding-type=url encodes keys but echoes Prefix as sent (what botocore expects)', async () => {
    await put('enc v1/a b', 'x');
    const listed = await t.client.send(new ListObjectsCommand({ Bucket: t.bucket, Prefix: key('enc v1/a '), EncodingType: 'url' }));
    // The JS SDK does not URL-decode; botocore decodes Key but not a v1 Prefix.
    expect(listed.Contents?.map((o) => o.Key)).toEqual([encodeURIComponent(key('enc v1/a b')).replace(/%2F/g, '/')]);
    expect(listed.Prefix).toBe(key('enc v1/a '));
  });

  it('ListObjects with a max-keys that is not a non-negative integer fails with 400 InvalidArgument', async () => {
    const bad = new ListObjectsCommand({ Bucket: t.bucket, MaxKeys: -1 });
    expect(await failure(t.client.send(bad))).toEqual({ name: 'InvalidArgument', status: 400 });
  });

  it('ListBuckets pages with MaxBuckets and ContinuationToken, and filters by Prefix', async (ctx) => {
    if (!t.embedded) ctx.skip();
    const names = ['fave-paged-1', 'fave-paged-2', 'fave-paged-3'];
    for (const Bucket of names) await t.client.send(new CreateBucketCommand({ Bucket }));
    try {
      const seen: string[] = [];
      let token: string | undefined;
      for (let page = 0; page < 3; page++) {
        const out = await t.client.send(new ListBucketsCommand({ Prefix: 'fave-paged-', MaxBuckets: 1, ContinuationToken: token }));
        seen.push(...(out.Buckets ?? []).map((b) => b.Name!));
        token = out.ContinuationToken;
        expect(token === undefined, `page ${page}`).toBe(page === 2);
      }
      expect(seen).toEqual(names);
      const all = await t.client.send(new ListBucketsCommand({}));
      expect(all.Buckets?.map((b) => b.Name)).toEqual(expect.arrayContaining([...names, t.bucket]));
      expect(all.ContinuationToken).toBeUndefined();
    } finally {
      for (const Bucket of names) await t.client.send(new DeleteBucketCommand({ Bucket }));
    }
  });

  it('ListMultipartUploads pages by KeyMarker / UploadIdMarker through several uploads of one key, and groups by Delimiter', async () => {
    const create = (name: string) => t.client.send(new CreateMultipartUploadCommand({ Bucket: t.bucket, Key: key(name) }));
    const sameKey = [];
    for (let i = 0; i < 3; i++) sameKey.push((await create('mpu/same.bin')).UploadId!);
    const other = (await create('mpu/zz/other.bin')).UploadId!;
    try {
      const listed: [string, string][] = [];
      let markers: { KeyMarker?: string; UploadIdMarker?: string } = {};
      for (let page = 0; page < 10; page++) {
        const out = await t.client.send(new ListMultipartUploadsCommand({ Bucket: t.bucket, Prefix: key('mpu/'), MaxUploads: 1, ...markers }));
        listed.push(...(out.Uploads ?? []).map((u): [string, string] => [u.Key!, u.UploadId!]));
        if (!out.IsTruncated) break;
        markers = { KeyMarker: out.NextKeyMarker, UploadIdMarker: out.NextUploadIdMarker };
      }
      // Every upload exactly once, by key (uploads of one key started in the same
      // millisecond have no defined order among themselves).
      expect(listed.map(([k]) => k)).toEqual([...sameKey.map(() => key('mpu/same.bin')), key('mpu/zz/other.bin')]);
      expect(listed.map(([, id]) => id).sort()).toEqual([...sameKey, other].sort());
      const grouped = await t.client.send(new ListMultipartUploadsCommand({ Bucket: t.bucket, Prefix: key('mpu/'), Delimiter: '/' }));
      expect(grouped.Uploads?.map((u) => u.UploadId).sort()).toEqual([...sameKey].sort());
      expect(grouped.CommonPrefixes?.map((p) => p.Prefix)).toEqual([key('mpu/zz/')]);
    } finally {
      for (const [name, UploadId] of [...sameKey.map((id) => ['mpu/same.bin', id]), ['mpu/zz/other.bin', other]] as const) {
        await t.client.send(new AbortMultipartUploadCommand({ Bucket: t.bucket, Key: key(name), UploadId }));
      }
    }
  });
});
