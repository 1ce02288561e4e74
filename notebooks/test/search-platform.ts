// What the search page reads, for its tests: the embedded S3 (live/s3) with the indexes of
// live/search/sample-indexes.ts and a JPEG for every frame they list, each picture dark where
// its boxes are. S3 keys in a secrets folder, as `live up` leaves them.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import jpeg from 'jpeg-js';
import type { IndexedFrame } from '../../stages/orchestrator/video-index.ts';
import { failed, noAudio, spokenAndShown } from '../../live/search/sample-indexes.ts';
import { startS3Server } from '../../live/s3/startS3Server.ts';

export const FRAME_SIZE = { width: 640, height: 360 };

export interface SearchPlatform {
  /** The search source for the report: S3_ENDPOINT and SECRETS_DIR, no credential values. */
  env: Record<string, string>;
  root: string;
  close(): Promise<void>;
}

function picture(frame: IndexedFrame): Buffer {
  const { width, height } = FRAME_SIZE;
  const data = Buffer.alloc(width * height * 4, 255);
  for (const b of frame.boxes) {
    for (let y = Math.round(b.y); y < Math.round(b.y + b.h); y++) {
      for (let x = Math.round(b.x); x < Math.round(b.x + b.w); x++) data.fill(40, (y * width + x) * 4, (y * width + x) * 4 + 3);
    }
  }
  return jpeg.encode({ data, width, height }, 80).data;
}

export async function startSearchPlatform(): Promise<SearchPlatform> {
  const root = mkdtempSync(path.join(tmpdir(), 'fave-search-page-'));
  const secrets = path.join(root, 'secrets');
  mkdirSync(secrets);
  const credentials = { accessKeyId: 'search-page-key', secretAccessKey: 'search-page-secret-0123' };
  writeFileSync(path.join(secrets, 's3-access-key'), credentials.accessKeyId);
  writeFileSync(path.join(secrets, 's3-secret-key'), credentials.secretAccessKey);
  const s3 = await startS3Server({ dataDir: path.join(root, 's3'), ...credentials });
  const client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  try {
    await client.send(new CreateBucketCommand({ Bucket: 'fave' }));
    const put = (Key: string, Body: Buffer | string) => client.send(new PutObjectCommand({ Bucket: 'fave', Key, Body }));
    for (const index of [spokenAndShown('talk'), noAudio('silent'), failed('broken')]) {
      await put(`requests/${index.requestId}/metadata/index.json`, JSON.stringify(index));
      for (const frame of index.frames) await put(frame.uri.replace('s3://fave/', ''), picture(frame));
    }
  } finally {
    client.destroy();
  }
  return {
    env: { S3_ENDPOINT: s3.endpoint, S3_BUCKET: 'fave', SECRETS_DIR: secrets },
    root,
    async close() {
      await s3.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
