// What the pipeline keeps in a bucket: each request's folder (requests/<id>/: artifacts,
// state.json, index.json, summary.json) with its size and when it was last written, and
// everything else (inputs/). Read by listing, through any S3 client.
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';

export interface RequestUsage {
  id: string;
  objects: number;
  bytes: number;
  /** The newest object's LastModified: when the request last wrote anything. */
  newest: Date;
  keys: string[];
}

export interface BucketUsage {
  bucket: string;
  requests: RequestUsage[];
  /** Objects outside requests/ (uploaded inputs). */
  other: { objects: number; bytes: number };
}

export async function bucketUsage(client: S3Client, bucket: string): Promise<BucketUsage> {
  const requests = new Map<string, RequestUsage>();
  const other = { objects: 0, bytes: 0 };
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const o of page.Contents ?? []) {
      const key = o.Key ?? '';
      const size = o.Size ?? 0;
      const id = /^requests\/([^/]+)\//.exec(key)?.[1];
      if (id === undefined) {
        other.objects += 1;
        other.bytes += size;
        continue;
      }
      const modified = o.LastModified ?? new Date(0);
      const r = requests.get(id) ?? { id, objects: 0, bytes: 0, newest: modified, keys: [] };
      r.objects += 1;
      r.bytes += size;
      if (modified > r.newest) r.newest = modified;
      r.keys.push(key);
      requests.set(id, r);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  return { bucket, requests: [...requests.values()].sort((a, b) => a.id.localeCompare(b.id)), other };
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** The one line `live up` prints about its storage. */
export function usageLine(usage: BucketUsage, where: string): string {
  const n = usage.requests.length;
  const requestBytes = usage.requests.reduce((sum, r) => sum + r.bytes, 0);
  const total = requestBytes + usage.other.bytes;
  return `${formatBytes(total)} in bucket ${usage.bucket} (${where}): ${n} request${n === 1 ? '' : 's'} ${formatBytes(requestBytes)}, inputs and other ${formatBytes(usage.other.bytes)}`
    + (n > 0 ? '; `./fave live clean --older-than 1d` removes old requests' : '');
}
