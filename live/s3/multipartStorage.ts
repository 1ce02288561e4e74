import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { finished, pipeline } from 'node:stream/promises';
import { randomName, writeJsonAtomic } from './atomicFiles.ts';
import type { ObjectMeta } from './objectMeta.ts';
import type { ObjectStorage } from './objectStorage.ts';
import { S3Error } from './s3Error.ts';

/** S3 refuses parts below 5 MiB except the last; keep that so code tested here works there. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const MAX_PARTS = 10_000;
const UPLOAD_ID = /^[0-9a-f]{24}$/;

export interface UploadInfo {
  key: string;
  initiated: string;
  headers: Record<string, string>;
  userMetadata: Record<string, string>;
}

interface PartInfo {
  partNumber: number;
  etag: string;
  size: number;
  dataFile: string;
}

/** Multipart uploads in progress: `uploads/<id>/upload.json` plus one sidecar per part. */
export class MultipartStorage {
  constructor(private readonly objects: ObjectStorage) {}

  private dir(bucket: string, uploadId: string): string {
    if (!UPLOAD_ID.test(uploadId)) throw new S3Error('NoSuchUpload', 'The specified upload does not exist');
    return join(this.objects.bucketDir(bucket), 'uploads', uploadId);
  }

  async create(bucket: string, info: UploadInfo): Promise<string> {
    this.objects.assertBucket(bucket);
    const uploadId = randomName();
    const dir = this.dir(bucket, uploadId);
    await mkdir(dir, { recursive: true });
    await writeJsonAtomic(join(dir, 'upload.json'), info);
    return uploadId;
  }

  /** The upload's info; throws NoSuchUpload if unknown or started for another key. */
  async upload(bucket: string, uploadId: string, key: string): Promise<UploadInfo> {
    this.objects.assertBucket(bucket);
    let info: UploadInfo;
    try {
      info = JSON.parse(await readFile(join(this.dir(bucket, uploadId), 'upload.json'), 'utf8')) as UploadInfo;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new S3Error('NoSuchUpload', 'The specified upload does not exist');
      }
      throw error;
    }
    if (info.key !== key) throw new S3Error('NoSuchUpload', 'The specified upload does not exist for this key');
    return info;
  }

  async commitPart(bucket: string, uploadId: string, key: string, part: Omit<PartInfo, 'dataFile'>, tempFile: string): Promise<void> {
    await this.objects.locks.run(`upload:${uploadId}`, async () => {
      await this.upload(bucket, uploadId, key);
      const dir = this.dir(bucket, uploadId);
      const dataFile = `part-${part.partNumber}.${randomName()}`;
      await rename(tempFile, join(dir, dataFile));
      const sidecar = join(dir, `part-${part.partNumber}.json`);
      const previous = await readPart(sidecar);
      await writeJsonAtomic(sidecar, { ...part, dataFile });
      if (previous) await rm(join(dir, previous.dataFile), { force: true });
    });
  }

  async abort(bucket: string, uploadId: string, key: string): Promise<void> {
    await this.objects.locks.run(`upload:${uploadId}`, async () => {
      await this.upload(bucket, uploadId, key);
      await rm(this.dir(bucket, uploadId), { recursive: true, force: true });
    });
  }

  /**
   * Joins the listed parts into the object (checking them as S3 does) and commits it
   * under the key's lock with `precondition`; the ETag is the MD5 of the parts' MD5s
   * followed by `-<number of parts>`.
   */
  async complete(
    bucket: string,
    uploadId: string,
    key: string,
    requested: { partNumber: number; etag: string }[],
    precondition: (current: ObjectMeta | undefined) => void,
  ): Promise<ObjectMeta> {
    return this.objects.locks.run(`upload:${uploadId}`, async () => {
      const info = await this.upload(bucket, uploadId, key);
      const dir = this.dir(bucket, uploadId);
      if (requested.length === 0) throw new S3Error('MalformedXML', 'CompleteMultipartUpload lists no parts');
      const parts: PartInfo[] = [];
      for (const [i, want] of requested.entries()) {
        if (i > 0 && want.partNumber <= requested[i - 1]!.partNumber) {
          throw new S3Error('InvalidPartOrder', 'The list of parts was not in ascending order.');
        }
        const part = await readPart(join(dir, `part-${want.partNumber}.json`));
        if (!part || part.etag !== normaliseEtag(want.etag)) {
          throw new S3Error('InvalidPart', `Part ${want.partNumber} was not uploaded or its ETag does not match`);
        }
        if (i < requested.length - 1 && part.size < MIN_PART_SIZE) {
          throw new S3Error('EntityTooSmall', `Part ${want.partNumber} is smaller than the minimum allowed size`);
        }
        parts.push(part);
      }
      const tempFile = this.objects.tempPath();
      const md5s = createHash('md5');
      const out = createWriteStream(tempFile, { flush: true });
      try {
        for (const part of parts) {
          await pipeline(createReadStream(join(dir, part.dataFile)), out, { end: false });
          md5s.update(Buffer.from(part.etag.slice(1, -1), 'hex'));
        }
        out.end();
        await finished(out);
      } catch (error) {
        out.destroy();
        await rm(tempFile, { force: true });
        throw error;
      }
      const meta = await this.objects
        .commit(bucket, key, {
          tempFile,
          meta: {
            size: parts.reduce((sum, p) => sum + p.size, 0),
            etag: `"${md5s.digest('hex')}-${parts.length}"`,
            headers: info.headers,
            userMetadata: info.userMetadata,
          },
          precondition,
        })
        .catch(async (error: unknown) => {
          await rm(tempFile, { force: true });
          throw error;
        });
      await rm(dir, { recursive: true, force: true });
      return meta;
    });
  }
}

function normaliseEtag(etag: string): string {
  const bare = etag.trim().replace(/^"|"$/g, '');
  return `"${bare}"`;
}

async function readPart(path: string): Promise<PartInfo | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as PartInfo;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
