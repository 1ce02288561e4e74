import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';

/** The flexible-checksum algorithms S3 accepts in `x-amz-checksum-<alg>`. */
export const CHECKSUM_ALGORITHMS = ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'] as const;
export type ChecksumAlgorithm = (typeof CHECKSUM_ALGORITHMS)[number];

export interface Checksum {
  update(chunk: Buffer): void;
  /** The digest as S3 writes it in headers: big-endian bytes, base64. */
  digest(): string;
}

export function isChecksumAlgorithm(name: string): name is ChecksumAlgorithm {
  return (CHECKSUM_ALGORITHMS as readonly string[]).includes(name);
}

function reflectedTable32(poly: number): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
}

// CRC64 tables kept as two 32-bit halves: BigInt per byte is far too slow for
// multi-megabyte uploads.
function reflectedTable64(poly: bigint): { hi: Uint32Array; lo: Uint32Array } {
  const hi = new Uint32Array(256);
  const lo = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = BigInt(n);
    for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ poly : c >> 1n;
    hi[n] = Number(c >> 32n);
    lo[n] = Number(c & 0xffffffffn);
  }
  return { hi, lo };
}

let crc32cTable: Uint32Array | undefined;
let crc64Tables: { hi: Uint32Array; lo: Uint32Array } | undefined;

function uint32Bytes(value: number): string {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value >>> 0);
  return out.toString('base64');
}

function crc32Checksum(): Checksum {
  let value = 0;
  return {
    update: (chunk) => void (value = crc32(chunk, value)),
    digest: () => uint32Bytes(value),
  };
}

function crc32cChecksum(): Checksum {
  const table = (crc32cTable ??= reflectedTable32(0x82f63b78));
  let c = 0xffffffff;
  return {
    update(chunk) {
      for (let i = 0; i < chunk.length; i++) c = table[(c ^ chunk[i]!) & 0xff]! ^ (c >>> 8);
    },
    digest: () => uint32Bytes(c ^ 0xffffffff),
  };
}

function crc64nvmeChecksum(): Checksum {
  const { hi: tHi, lo: tLo } = (crc64Tables ??= reflectedTable64(0x9a6c9329ac4bc9b5n));
  let hi = 0xffffffff;
  let lo = 0xffffffff;
  return {
    update(chunk) {
      for (let i = 0; i < chunk.length; i++) {
        const index = (lo ^ chunk[i]!) & 0xff;
        lo = (((lo >>> 8) | (hi << 24)) ^ tLo[index]!) >>> 0;
        hi = ((hi >>> 8) ^ tHi[index]!) >>> 0;
      }
    },
    digest() {
      const out = Buffer.alloc(8);
      out.writeUInt32BE((hi ^ 0xffffffff) >>> 0, 0);
      out.writeUInt32BE((lo ^ 0xffffffff) >>> 0, 4);
      return out.toString('base64');
    },
  };
}

function hashChecksum(name: 'sha1' | 'sha256'): Checksum {
  const hash = createHash(name);
  return { update: (chunk) => void hash.update(chunk), digest: () => hash.digest('base64') };
}

export function createChecksum(algorithm: ChecksumAlgorithm): Checksum {
  switch (algorithm) {
    case 'crc32':
      return crc32Checksum();
    case 'crc32c':
      return crc32cChecksum();
    case 'crc64nvme':
      return crc64nvmeChecksum();
    case 'sha1':
    case 'sha256':
      return hashChecksum(algorithm);
  }
}
