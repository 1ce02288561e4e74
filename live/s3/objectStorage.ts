import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { randomName, writeJsonAtomic } from './atomicFiles.ts';
import { KeyedMutex } from './keyedMutex.ts';
import type { ObjectMeta } from './objectMeta.ts';
import { S3Error } from './s3Error.ts';

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const MAX_KEY_BYTES = 1024;

interface BucketState {
  created: string;
  objects: Map<string, ObjectMeta>;
  sorted: string[] | undefined;
}

/** New object contents waiting in a temp file, and the check to run before they replace the key. */
export interface PendingObject {
  tempFile: string;
  meta: Omit<ObjectMeta, 'key' | 'dataFile' | 'lastModified'>;
  /** Throws (e.g. PreconditionFailed) to refuse the write; runs under the key's lock. */
  precondition?: (current: ObjectMeta | undefined) => void;
}

const fileNameOf = (key: string): string => createHash('sha256').update(key).digest('hex');

export function validateBucketName(name: string): void {
  if (!BUCKET_NAME.test(name) || name.includes('..') || /^\d+\.\d+\.\d+\.\d+$/.test(name)) {
    throw new S3Error('InvalidBucketName', `The specified bucket is not valid: ${name}`);
  }
}

export function validateKey(key: string): void {
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) throw new S3Error('KeyTooLongError', 'Your key is too long');
}

/**
 * Buckets and objects on disk. Object files are named by the SHA-256 of their key, so
 * no key (`..`, `%2F`, unicode…) can reach outside `dataDir`; the key itself lives in
 * the JSON sidecar. A write lands as a new data file, then the sidecar is atomically
 * replaced — the sidecar rename is the commit point, so a crash leaves the old object
 * or the new one, never half of either; unreferenced data files are swept on open.
 * An in-memory index of the sidecars answers HEAD and LIST.
 */
export class ObjectStorage {
  private readonly buckets = new Map<string, BucketState>();
  readonly locks = new KeyedMutex();

  private constructor(readonly dataDir: string) {}

  static async open(dataDir: string): Promise<ObjectStorage> {
    const storage = new ObjectStorage(dataDir);
    await rm(storage.tempDir, { recursive: true, force: true });
    await mkdir(storage.tempDir, { recursive: true });
    await mkdir(join(dataDir, 'buckets'), { recursive: true });
    for (const name of await readdir(join(dataDir, 'buckets'))) await storage.loadBucket(name);
    return storage;
  }

  get tempDir(): string {
    return join(this.dataDir, 'tmp');
  }

  tempPath(): string {
    return join(this.tempDir, randomName());
  }

  bucketDir(bucket: string): string {
    return join(this.dataDir, 'buckets', bucket);
  }

  private async loadBucket(name: string): Promise<void> {
    const dir = this.bucketDir(name);
    let info: { created: string };
    try {
      info = JSON.parse(await readFile(join(dir, 'bucket.json'), 'utf8')) as { created: string };
    } catch (error) {
      // A crash inside CreateBucket leaves a folder without bucket.json: it never existed.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await rm(dir, { recursive: true, force: true });
      return;
    }
    const state: BucketState = { created: info.created, objects: new Map(), sorted: undefined };
    for (const file of await readdir(join(dir, 'meta'))) {
      if (!file.endsWith('.json')) {
        await rm(join(dir, 'meta', file), { force: true });
        continue;
      }
      const meta = JSON.parse(await readFile(join(dir, 'meta', file), 'utf8')) as ObjectMeta;
      state.objects.set(meta.key, meta);
    }
    const referenced = new Set([...state.objects.values()].map((m) => m.dataFile));
    for (const file of await readdir(join(dir, 'data'))) {
      if (!referenced.has(file)) await rm(join(dir, 'data', file), { force: true });
    }
    this.buckets.set(name, state);
  }

  /** Throws NoSuchBucket unless the bucket exists. */
  assertBucket(name: string): void {
    this.bucket(name);
  }

  private bucket(name: string): BucketState {
    const state = this.buckets.get(name);
    if (!state) throw new S3Error('NoSuchBucket', 'The specified bucket does not exist');
    return state;
  }

  listBuckets(): { name: string; created: string }[] {
    return [...this.buckets].map(([name, s]) => ({ name, created: s.created })).sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  hasBucket(name: string): boolean {
    return this.buckets.has(name);
  }

  async createBucket(name: string): Promise<void> {
    validateBucketName(name);
    await this.locks.run(`bucket:${name}`, async () => {
      if (this.buckets.has(name)) {
        throw new S3Error('BucketAlreadyOwnedByYou', 'Your previous request to create the named bucket succeeded and you already own it.');
      }
      const dir = this.bucketDir(name);
      for (const sub of ['meta', 'data', 'uploads']) await mkdir(join(dir, sub), { recursive: true });
      const created = new Date().toISOString();
      await writeJsonAtomic(join(dir, 'bucket.json'), { created });
      this.buckets.set(name, { created, objects: new Map(), sorted: undefined });
    });
  }

  async deleteBucket(name: string): Promise<void> {
    await this.locks.run(`bucket:${name}`, async () => {
      if (this.bucket(name).objects.size > 0) {
        throw new S3Error('BucketNotEmpty', 'The bucket you tried to delete is not empty');
      }
      this.buckets.delete(name);
      await rm(this.bucketDir(name), { recursive: true, force: true });
    });
  }

  /** The object's metadata, or undefined; throws NoSuchBucket. */
  head(bucket: string, key: string): ObjectMeta | undefined {
    return this.bucket(bucket).objects.get(key);
  }

  /** Keys of the bucket in UTF-8 byte order, as S3 lists them. */
  sortedKeys(bucket: string): string[] {
    const state = this.bucket(bucket);
    state.sorted ??= [...state.objects.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return state.sorted;
  }

  /**
   * Opens the current bytes of `key`. A concurrent overwrite may delete the data file
   * between reading the index and opening it, so look again when that happens.
   */
  async openObject(bucket: string, key: string): Promise<{ meta: ObjectMeta; file: FileHandle } | undefined> {
    for (let attempt = 0; ; attempt++) {
      const meta = this.head(bucket, key);
      if (!meta) return undefined;
      try {
        return { meta, file: await open(join(this.bucketDir(bucket), 'data', meta.dataFile), 'r') };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt >= 5) throw error;
      }
    }
  }

  /** Replaces `key` with the pending temp file if its precondition holds (atomic per key). */
  async commit(bucket: string, key: string, pending: PendingObject): Promise<ObjectMeta> {
    validateKey(key);
    return this.locks.run(`${bucket}/${key}`, async () => {
      const state = this.bucket(bucket);
      const current = state.objects.get(key);
      pending.precondition?.(current);
      const dir = this.bucketDir(bucket);
      const dataFile = `${fileNameOf(key)}.${randomName()}`;
      await rename(pending.tempFile, join(dir, 'data', dataFile));
      const meta: ObjectMeta = { ...pending.meta, key, dataFile, lastModified: new Date().toISOString() };
      await writeJsonAtomic(join(dir, 'meta', `${fileNameOf(key)}.json`), meta);
      if (!state.objects.has(key)) state.sorted = undefined;
      state.objects.set(key, meta);
      if (current) await rm(join(dir, 'data', current.dataFile), { force: true });
      return meta;
    });
  }

  /**
   * Removes `key`; deleting a missing key succeeds, as in S3. `precondition` (a
   * conditional delete) sees the current object under the key's lock and throws to keep it.
   */
  async delete(bucket: string, key: string, precondition?: (current: ObjectMeta) => void): Promise<void> {
    await this.locks.run(`${bucket}/${key}`, async () => {
      const state = this.bucket(bucket);
      const current = state.objects.get(key);
      if (!current) return;
      precondition?.(current);
      const dir = this.bucketDir(bucket);
      await unlink(join(dir, 'meta', `${fileNameOf(key)}.json`));
      state.objects.delete(key);
      state.sorted = undefined;
      await rm(join(dir, 'data', current.dataFile), { force: true });
    });
  }
}
