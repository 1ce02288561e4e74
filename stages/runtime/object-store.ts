import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, S3ServiceException, type S3Client } from '@aws-sdk/client-s3';
import { StageRuntimeError } from './errors.ts';

/** A conditional write: `ifMatch` an ETag (replace that version only), or `ifNoneMatch: '*'` (create only). */
export interface PutCondition {
  ifMatch?: string;
  ifNoneMatch?: '*';
}

/** The smallest object store compare-and-swap needs: reads that return the ETag, conditional writes. */
export interface ObjectStore {
  get(key: string): Promise<{ body: Buffer; etag: string } | null>;
  /** Throws PreconditionFailedError when `cond` does not hold at the moment of writing. */
  put(key: string, body: Uint8Array, cond?: PutCondition): Promise<{ etag: string }>;
}

export class PreconditionFailedError extends StageRuntimeError {
  readonly key: string;
  readonly condition: PutCondition;
  constructor(key: string, condition: PutCondition, options?: { cause?: unknown }) {
    const wanted = condition.ifNoneMatch ? 'to be absent' : `to have ETag ${condition.ifMatch}`;
    super(`conditional write to ${key} refused: expected it ${wanted}`, options);
    this.key = key;
    this.condition = condition;
  }
}

/**
 * S3 answers a failed condition with 412 PreconditionFailed, and AWS uses 409
 * ConditionalRequestConflict when a concurrent write races the check, and 404 for
 * If-Match on a missing key: to a compare-and-swap caller all three mean "re-read and retry".
 */
function isConditionFailure(error: unknown, cond: PutCondition): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  const status = error.$metadata.httpStatusCode;
  return status === 412 || status === 409 || (status === 404 && cond.ifMatch !== undefined && error.name === 'NoSuchKey');
}

/** ObjectStore over one S3 bucket (any S3-compatible endpoint). */
export class S3ObjectStore implements ObjectStore {
  constructor(
    private readonly client: S3Client,
    readonly bucket: string,
  ) {}

  async get(key: string): Promise<{ body: Buffer; etag: string } | null> {
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const body = out.Body ? Buffer.from(await out.Body.transformToByteArray()) : Buffer.alloc(0);
      return { body, etag: out.ETag ?? '' };
    } catch (error) {
      if (error instanceof S3ServiceException && (error.name === 'NoSuchKey' || error.$metadata.httpStatusCode === 404)) {
        return null;
      }
      throw error;
    }
  }

  async put(key: string, body: Uint8Array, cond: PutCondition = {}): Promise<{ etag: string }> {
    try {
      const out = await this.client.send(
        new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, IfMatch: cond.ifMatch, IfNoneMatch: cond.ifNoneMatch }),
      );
      return { etag: out.ETag ?? '' };
    } catch (error) {
      if (isConditionFailure(error, cond)) throw new PreconditionFailedError(key, cond, { cause: error });
      throw error;
    }
  }
}

export interface MemoryObjectStoreOptions {
  /**
   * Awaited before and after every operation, so concurrent callers really interleave.
   * Defaults to yielding to the event loop; tests pass a fast-check scheduler here to
   * choose the interleaving.
   */
  yieldPoint?: (label: string) => Promise<void>;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * ObjectStore in memory, with S3's semantics: each operation is atomic at one instant
 * (between its yield points), ETags are quoted MD5s, conditions are checked at write time.
 */
export class MemoryObjectStore implements ObjectStore {
  private readonly objects = new Map<string, { body: Buffer; etag: string }>();
  private readonly yieldPoint: (label: string) => Promise<void>;

  constructor(options: MemoryObjectStoreOptions = {}) {
    this.yieldPoint = options.yieldPoint ?? yieldToEventLoop;
  }

  async get(key: string): Promise<{ body: Buffer; etag: string } | null> {
    await this.yieldPoint(`get ${key} (request)`);
    const found = this.objects.get(key);
    const copy = found && { body: Buffer.from(found.body), etag: found.etag };
    await this.yieldPoint(`get ${key} (response)`);
    return copy ?? null;
  }

  async put(key: string, body: Uint8Array, cond: PutCondition = {}): Promise<{ etag: string }> {
    await this.yieldPoint(`put ${key} (request)`);
    const current = this.objects.get(key);
    if ((cond.ifNoneMatch === '*' && current) || (cond.ifMatch !== undefined && current?.etag !== cond.ifMatch)) {
      await this.yieldPoint(`put ${key} (412)`);
      throw new PreconditionFailedError(key, cond);
    }
    const etag = `"${createHash('md5').update(body).digest('hex')}"`;
    this.objects.set(key, { body: Buffer.from(body), etag });
    await this.yieldPoint(`put ${key} (response)`);
    return { etag };
  }
}
