import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compositeChecksum, createChecksum } from './checksums.ts';

// The standard check value of every CRC catalogue entry is its CRC of "123456789".
const CHECK = Buffer.from('123456789');
const hex = (base64: string) => Buffer.from(base64, 'base64').toString('hex');

describe('createChecksum', () => {
  it('createChecksum("crc32") gives the catalogue check value', async () => {
    const c = createChecksum('crc32');
    c.update(CHECK);
    expect(hex(await c.digest())).toBe('cbf43926');
  });

  it('createChecksum("crc32c") gives the catalogue check value', async () => {
    const c = createChecksum('crc32c');
    c.update(CHECK);
    expect(hex(await c.digest())).toBe('e3069283');
  });

  it('createChecksum("crc64nvme") gives the catalogue check value', async () => {
    const c = createChecksum('crc64nvme');
    c.update(CHECK);
    expect(hex(await c.digest())).toBe('ae8b14860a799888');
  });

  it('createChecksum("sha1" | "sha256") equals node:crypto in base64', async () => {
    for (const algorithm of ['sha1', 'sha256'] as const) {
      const c = createChecksum(algorithm);
      c.update(CHECK);
      expect(await c.digest()).toBe(createHash(algorithm).update(CHECK).digest('base64'));
    }
  });

  it('createChecksum(...).update over split chunks equals one update over the whole', async () => {
    for (const algorithm of ['crc32', 'crc32c', 'crc64nvme', 'sha1', 'sha256'] as const) {
      const whole = createChecksum(algorithm);
      whole.update(CHECK);
      const split = createChecksum(algorithm);
      split.update(CHECK.subarray(0, 4));
      split.update(CHECK.subarray(4));
      expect(await split.digest()).toBe(await whole.digest());
    }
  });
});

describe('compositeChecksum', () => {
  it('compositeChecksum is the checksum of the parts\' binary checksums, then -N', async () => {
    const parts = [Buffer.from('part one'), Buffer.from('part two'), Buffer.from('3')];
    const partCrcs = parts.map((p) => {
      const b = Buffer.alloc(4);
      b.writeUInt32BE(crc32(p));
      return b;
    });
    const expected = Buffer.alloc(4);
    expected.writeUInt32BE(crc32(Buffer.concat(partCrcs)));
    expect(await compositeChecksum('crc32', partCrcs.map((b) => b.toString('base64')))).toBe(`${expected.toString('base64')}-3`);
  });
});
