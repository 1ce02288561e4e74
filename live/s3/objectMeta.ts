import type { ChecksumAlgorithm } from './checksums.ts';

export type ChecksumType = 'COMPOSITE' | 'FULL_OBJECT';

export interface StoredChecksum {
  algorithm: ChecksumAlgorithm;
  value: string;
  /** Absent for a single PutObject (FULL_OBJECT by definition). */
  type?: ChecksumType;
}

/** Everything stored about one object besides its bytes (the JSON sidecar). */
export interface ObjectMeta {
  key: string;
  size: number;
  /** Quoted, as S3 sends it: `"<md5 hex>"` or `"<md5 of part md5s>-<parts>"`. */
  etag: string;
  /** ISO 8601. */
  lastModified: string;
  /** Content-Type, Content-Encoding, Cache-Control… as sent on upload (lower-case names). */
  headers: Record<string, string>;
  /** x-amz-meta-* values, keyed without the prefix. */
  userMetadata: Record<string, string>;
  /**
   * The flexible checksum of the whole object. A multipart object's is COMPOSITE (the
   * checksum of its parts' checksums, value suffixed `-<parts>`) or FULL_OBJECT.
   */
  checksum?: StoredChecksum;
  /** A multipart object's parts in order: sizes (for `partNumber` reads) and part checksums. */
  parts?: { size: number; checksum?: string }[];
  /** File name of the bytes inside the bucket's data folder. */
  dataFile: string;
}

/** Headers that are stored with an object and sent back on GET/HEAD. */
export const STORED_HEADERS = [
  'content-type',
  'content-encoding',
  'content-disposition',
  'content-language',
  'cache-control',
  'expires',
] as const;
