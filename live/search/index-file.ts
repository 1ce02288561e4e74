// Reading the indexes the orchestrator writes (requests/<id>/metadata/index.json), checked
// against schemas/video-index.schema.json: a file that does not match is an error naming
// the key, the JSON path and what was expected, never a search over half a document.
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { validateAgainst } from '../../sim/scenario/schema-validator.ts';
import type { ObjectStore } from '../../stages/runtime/object-store.ts';
import { indexKey, type VideoIndex } from '../../stages/orchestrator/video-index.ts';
import { LiveError } from '../openfaas/errors.ts';
import { EXIT } from '../../sim/process/errors.ts';

/** The id rule of the stage runtime: a request id is one key segment, never a path. */
export const REQUEST_ID = /^[A-Za-z0-9._-]{1,128}$/;

/** Bad input: the user named a request the bucket does not hold (exit 2). */
export class NoSuchRequestError extends LiveError {
  override readonly exitCode = EXIT.input;
}
/** The request exists but has no index: still running, or from before indexes were written. */
export class NoIndexYetError extends LiveError {}
export class IndexFormatError extends LiveError {}

export function parseIndex(text: string, key: string): VideoIndex {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new IndexFormatError(`${key}: not JSON (${(error as Error).message})`);
  }
  const issues = validateAgainst('video-index.schema.json', value);
  if (issues.length > 0) {
    const shown = issues.slice(0, 3).map((i) => `${i.path}: ${i.message}${i.value === undefined ? '' : ` (got ${JSON.stringify(i.value)?.slice(0, 60)})`}`);
    const more = issues.length > 3 ? `; and ${issues.length - 3} more` : '';
    throw new IndexFormatError(`${key} is not a fave.video-index/v1 index: ${shown.join('; ')}${more}`);
  }
  return value as VideoIndex;
}

/** Where indexes are read from: one bucket's objects (S3ObjectStore, or a memory one in tests). */
export type IndexSource = Pick<ObjectStore, 'get'> & { readonly bucket: string };

export async function readIndex(store: IndexSource, requestId: string): Promise<VideoIndex> {
  if (!REQUEST_ID.test(requestId)) throw new NoSuchRequestError(`--request ${JSON.stringify(requestId)}: a request id is 1-128 of A-Z a-z 0-9 . _ -`);
  const key = indexKey(requestId);
  const object = await store.get(key);
  if (object === null) {
    const state = await store.get(`requests/${requestId}/metadata/state.json`);
    if (state === null) throw new NoSuchRequestError(`no request ${requestId} in bucket ${store.bucket}`);
    throw new NoIndexYetError(`request ${requestId} has no index yet: it is still running, or ran before the orchestrator wrote indexes (${key})`);
  }
  return parseIndex(object.body.toString('utf8'), key);
}

/** Every request id with a folder in the bucket, in key order. */
export async function listRequestIds(client: S3Client, bucket: string): Promise<string[]> {
  const ids: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'requests/', Delimiter: '/', ContinuationToken: token }));
    for (const p of page.CommonPrefixes ?? []) {
      const id = p.Prefix?.slice('requests/'.length, -1);
      if (id !== undefined && REQUEST_ID.test(id)) ids.push(id);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return ids;
}
