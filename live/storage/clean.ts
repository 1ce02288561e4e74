// Removing requests from a bucket: every object of each request folder whose newest object
// is older than the cut-off, so a request still being written is never cut in half.
import { DeleteObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import { LiveError } from '../openfaas/errors.ts';
import { bucketUsage, type RequestUsage } from './usage.ts';

export interface CleanResult {
  removed: RequestUsage[];
  kept: RequestUsage[];
}

/** Removes the requests last written more than `olderThanMs` before `now` (all with 0); `dryRun` only says which. */
export async function cleanRequests(client: S3Client, bucket: string, o: { olderThanMs: number; now: Date; dryRun?: boolean }): Promise<CleanResult> {
  const { requests } = await bucketUsage(client, bucket);
  const cutOff = o.now.getTime() - o.olderThanMs;
  const removed = requests.filter((r) => r.newest.getTime() <= cutOff);
  const kept = requests.filter((r) => r.newest.getTime() > cutOff);
  if (o.dryRun) return { removed, kept };
  const keys = removed.flatMap((r) => r.keys);
  // DeleteObjects takes at most 1000 keys.
  for (let i = 0; i < keys.length; i += 1000) {
    const out = await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })), Quiet: true } }));
    if (out.Errors?.length) throw new LiveError(`removing ${out.Errors.length} object(s) failed, first ${out.Errors[0]!.Key}: ${out.Errors[0]!.Code} ${out.Errors[0]!.Message ?? ''}`);
  }
  return { removed, kept };
}
