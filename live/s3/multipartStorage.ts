import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { randomName, writeJsonAtomic } from './atomicFiles.ts';
import { compositeChecksum, createChecksum, type ChecksumAlgorithm } from './checksums.ts';
import type { ChecksumType, ObjectMeta, StoredChecksum } from './objectMeta.ts';
import type { ObjectStorage } from './objectStorage.ts';
import { S3Error } from './s3Error.ts';

/** S3 refuses parts below 5 MiB except the last; keep that so code tested here works there. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const MAX_PARTS = 10_000;
const UPLOAD_ID = /^[0-9a-f]{24}$/;
/** How long a completed upload's record answers a retried CompleteMultipartUpload. */
const COMPLETED_KEPT_MS = 24 * 3600 * 1000;

export interface UploadInfo {
  key: string;
  initiated: string;
  headers: Record<string, string>;
  userMetadata: Record<string, string>;
  /** The whole-object checksum asked for on CreateMultipartUpload, if any. */
  checksumAlgorithm?: ChecksumAlgorithm;
  checksumType?: ChecksumType;
}

export interface PartInfo {
  partNumber: number;
  etag: string;
  size: number;
  dataFile: string;
  lastModified: string;
  /** The part's checksum in the upload's algorithm (base64). */
  checksum?: string;
}

export interface RequestedPart {
  partNumber: number;
  etag: string;
  /** The part checksum the client lists in CompleteMultipartUpload, if any. */
  checksum?: string;
}

/** Kept after a completion, so that a retried CompleteMultipartUpload gets the same answer. */
interface CompletedUpload {
  key: string;
  parts: { partNumber: number; etag: string }[];
  etag: string;
  checksum?: StoredChecksum;
}

const NO_SUCH_UPLOAD = 'The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.';

/**
 * Multipart uploads in progress: `uploads/<id>/upload.json` plus one sidecar per part.
 * A completed upload keeps only `upload.json` and `completed.json` (its parts and
 * result), so that a retry of CompleteMultipartUpload whose answer was lost gets the
 * same 200 and ETag, as on S3; every other request on it is NoSuchUpload.
 */
export class MultipartStorage {
  constructor(private readonly objects: ObjectStorage) {}

  private dir(bucket: string, uploadId: string): string {
    if (!UPLOAD_ID.test(uploadId)) throw new S3Error('NoSuchUpload', NO_SUCH_UPLOAD);
    return join(this.objects.bucketDir(bucket), 'uploads', uploadId);
  }

  async create(bucket: string, info: UploadInfo): Promise<string> {
    this.objects.assertBucket(bucket);
    await this.forgetCompleted(bucket, Date.now() - COMPLETED_KEPT_MS);
    const uploadId = randomName();
    const dir = this.dir(bucket, uploadId);
    await mkdir(dir, { recursive: true });
    await writeJsonAtomic(join(dir, 'upload.json'), info);
    return uploadId;
  }

  /** Drops the records of uploads completed before `before` (ms since epoch). */
  private async forgetCompleted(bucket: string, before: number): Promise<void> {
    const root = join(this.objects.bucketDir(bucket), 'uploads');
    for (const uploadId of await readdir(root).catch(() => [] as string[])) {
      const completed = await stat(join(root, uploadId, 'completed.json')).catch(() => undefined);
      if (completed && completed.mtimeMs < before) await rm(join(root, uploadId), { recursive: true, force: true });
    }
  }

  /** The upload's info; throws NoSuchUpload if unknown, completed or started for another key. */
  async upload(bucket: string, uploadId: string, key: string): Promise<UploadInfo> {
    this.objects.assertBucket(bucket);
    const dir = this.dir(bucket, uploadId);
    const info = await readJson<UploadInfo>(join(dir, 'upload.json'));
    if (!info || info.key !== key || (await readJson(join(dir, 'completed.json')))) {
      throw new S3Error('NoSuchUpload', NO_SUCH_UPLOAD);
    }
    return info;
  }

  /** The checksum algorithm the upload was created with (also after it completed). */
  async algorithmOf(bucket: string, uploadId: string): Promise<ChecksumAlgorithm | undefined> {
    this.objects.assertBucket(bucket);
    return (await readJson<UploadInfo>(join(this.dir(bucket, uploadId), 'upload.json')))?.checksumAlgorithm;
  }

  /** The upload's parts so far, in part-number order. */
  async parts(bucket: string, uploadId: string, key: string): Promise<{ info: UploadInfo; parts: PartInfo[] }> {
    const info = await this.upload(bucket, uploadId, key);
    const dir = this.dir(bucket, uploadId);
    const parts: PartInfo[] = [];
    for (const file of await readdir(dir)) {
      if (/^part-\d+\.json$/.test(file)) {
        const part = await readJson<PartInfo>(join(dir, file));
        if (part) parts.push(part);
      }
    }
    return { info, parts: parts.sort((a, b) => a.partNumber - b.partNumber) };
  }

  /** Every upload of the bucket not yet completed or aborted. */
  async list(bucket: string): Promise<{ uploadId: string; info: UploadInfo }[]> {
    this.objects.assertBucket(bucket);
    const root = join(this.objects.bucketDir(bucket), 'uploads');
    const uploads: { uploadId: string; info: UploadInfo }[] = [];
    for (const uploadId of await readdir(root).catch(() => [] as string[])) {
      if (!UPLOAD_ID.test(uploadId) || (await readJson(join(root, uploadId, 'completed.json')))) continue;
      const info = await readJson<UploadInfo>(join(root, uploadId, 'upload.json'));
      if (info) uploads.push({ uploadId, info });
    }
    return uploads;
  }

  async commitPart(bucket: string, uploadId: string, key: string, part: Omit<PartInfo, 'dataFile'>, tempFile: string): Promise<void> {
    await this.objects.locks.run(`upload:${uploadId}`, async () => {
      await this.upload(bucket, uploadId, key);
      const dir = this.dir(bucket, uploadId);
      const dataFile = `part-${part.partNumber}.${randomName()}`;
      await rename(tempFile, join(dir, dataFile));
      const sidecar = join(dir, `part-${part.partNumber}.json`);
      const previous = await readJson<PartInfo>(sidecar);
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
   * followed by `-<number of parts>`. With a checksum algorithm on the upload, the object
   * gets its COMPOSITE checksum (of the part checksums, `-N`) or its FULL_OBJECT one
   * (over all bytes); `objectChecksum`, the client's claim of it, must match (BadDigest).
   * A retry of a completed upload with the same parts returns the same result.
   */
  async complete(
    bucket: string,
    uploadId: string,
    key: string,
    requested: RequestedPart[],
    precondition: (current: ObjectMeta | undefined) => void,
    objectChecksum?: { algorithm: ChecksumAlgorithm; value: string },
  ): Promise<{ etag: string; checksum?: StoredChecksum }> {
    return this.objects.locks.run(`upload:${uploadId}`, async () => {
      this.objects.assertBucket(bucket);
      const dir = this.dir(bucket, uploadId);
      const done = await readJson<CompletedUpload>(join(dir, 'completed.json'));
      if (done) {
        const same =
          done.key === key &&
          done.parts.length === requested.length &&
          done.parts.every((p, i) => p.partNumber === requested[i]!.partNumber && p.etag === normaliseEtag(requested[i]!.etag));
        if (!same) throw new S3Error('NoSuchUpload', NO_SUCH_UPLOAD);
        return { etag: done.etag, ...(done.checksum ? { checksum: done.checksum } : {}) };
      }
      const info = await this.upload(bucket, uploadId, key);
      if (requested.length === 0) throw new S3Error('MalformedXML', 'CompleteMultipartUpload lists no parts');
      const algorithm = info.checksumAlgorithm;
      if (objectChecksum && objectChecksum.algorithm !== algorithm) {
        throw new S3Error('InvalidRequest', `The upload was created using ${algorithm ?? 'no'} checksum; x-amz-checksum-${objectChecksum.algorithm} does not apply`);
      }
      const parts: PartInfo[] = [];
      for (const [i, want] of requested.entries()) {
        if (i > 0 && want.partNumber <= requested[i - 1]!.partNumber) {
          throw new S3Error('InvalidPartOrder', 'The list of parts was not in ascending order.');
        }
        const part = await readJson<PartInfo>(join(dir, `part-${want.partNumber}.json`));
        if (!part || part.etag !== normaliseEtag(want.etag)) {
          throw new S3Error('InvalidPart', `Part ${want.partNumber} was not uploaded or its ETag does not match`);
        }
        if (want.checksum !== undefined && want.checksum !== part.checksum) {
          throw new S3Error('InvalidPart', `The checksum of part ${want.partNumber} does not match the one uploaded`);
        }
        if (i < requested.length - 1 && part.size < MIN_PART_SIZE) {
          throw new S3Error('EntityTooSmall', `Part ${want.partNumber} is smaller than the minimum allowed size`);
        }
        parts.push(part);
      }
      const tempFile = this.objects.tempPath();
      const md5s = createHash('md5');
      const whole = algorithm && info.checksumType === 'FULL_OBJECT' ? createChecksum(algorithm) : undefined;
      const out = createWriteStream(tempFile, { flush: true });
      let checksum: StoredChecksum | undefined;
      try {
        for (const part of parts) {
          for await (const chunk of createReadStream(join(dir, part.dataFile)) as AsyncIterable<Buffer>) {
            whole?.update(chunk);
            if (!out.write(chunk)) await once(out, 'drain');
          }
          md5s.update(Buffer.from(part.etag.slice(1, -1), 'hex'));
        }
        out.end();
        await finished(out);
        if (algorithm) {
          const value = whole
            ? await whole.digest()
            : await compositeChecksum(algorithm, parts.map((p) => p.checksum ?? ''));
          checksum = { algorithm, value, type: info.checksumType ?? 'COMPOSITE' };
          if (objectChecksum && objectChecksum.value !== value) {
            throw new S3Error('BadDigest', `The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.`);
          }
        }
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
            ...(checksum ? { checksum } : {}),
            parts: parts.map((p) => ({ size: p.size, ...(p.checksum ? { checksum: p.checksum } : {}) })),
          },
          precondition,
        })
        .catch(async (error: unknown) => {
          await rm(tempFile, { force: true });
          throw error;
        });
      const completed: CompletedUpload = {
        key,
        parts: parts.map((p) => ({ partNumber: p.partNumber, etag: p.etag })),
        etag: meta.etag,
        ...(checksum ? { checksum } : {}),
      };
      await writeJsonAtomic(join(dir, 'completed.json'), completed);
      for (const file of await readdir(dir)) {
        if (file.startsWith('part-')) await rm(join(dir, file), { force: true });
      }
      return { etag: meta.etag, ...(checksum ? { checksum } : {}) };
    });
  }
}

function normaliseEtag(etag: string): string {
  const bare = etag.trim().replace(/^"|"$/g, '');
  return `"${bare}"`;
}

async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}
