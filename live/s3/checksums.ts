import { Crc32, Crc32c, Crc64Nvme } from '@aws-sdk/checksums/crc';
import { Sha1, Sha256 } from '@aws-sdk/checksums/sha';

/**
 * The flexible-checksum algorithms S3 accepts in `x-amz-checksum-<alg>`, computed by the
 * AWS SDK's own checksum package (the code the client uses to compute what it sends).
 */
export const CHECKSUM_ALGORITHMS = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

export interface Checksum {
  update(chunk: Uint8Array): void;
  /** The digest as S3 writes it in headers: big-endian bytes, base64. */
  digest(): Promise<string>;
}

export function isChecksumAlgorithm(name: string): name is ChecksumAlgorithm {
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(name);
}

const IMPLEMENTATIONS = { crc32: Crc32, crc32c: Crc32c, crc64nvme: Crc64Nvme, sha1: Sha1, sha256: Sha256 } as const;

export function createChecksum(algorithm: ChecksumAlgorithm): Checksum {
  const hash = new IMPLEMENTATIONS[algorithm]();
  return {
    update: (chunk) => hash.update(chunk),
    digest: async () => Buffer.from(await hash.digest()).toString('base64'),
  };
}

/**
 * S3's COMPOSITE checksum of a multipart object: the algorithm over the concatenated
 * binary checksums of its parts, then `-<number of parts>`.
 */
export async function compositeChecksum(algorithm: ChecksumAlgorithm, partChecksums: readonly string[]): Promise<string> {
  const checksum = createChecksum(algorithm);
  for (const part of partChecksums) checksum.update(Buffer.from(part, 'base64'));
  return `${await checksum.digest()}-${partChecksums.length}`;
}

/** The XML / SDK name of a checksum: `crc32c` → `ChecksumCRC32C`. */
export const checksumField = (algorithm: ChecksumAlgorithm): string => `Checksum${algorithm.toUpperCase()}`;
