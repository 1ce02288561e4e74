import { describe, expect, it } from 'vitest';
import { createChecksum } from './checksums.ts';

// The standard check value of every CRC catalogue entry is its CRC of "123456789".
const CHECK = Buffer.from('123456789');
const hex = (base64: string) => Buffer.from(base64, 'base64').toString('hex');

describe('createChecksum', () => {
  it('createChecksum("crc32") gives the catalogue check value', () => {
    const c = createChecksum('crc32');
    c.update(CHECK);
    expect(hex(c.digest())).toBe('cbf43926');
  });

  it('createChecksum("crc32c") gives the catalogue check value', () => {
    const c = createChecksum('crc32c');
    c.update(CHECK);
    expect(hex(c.digest())).toBe('e3069283');
  });

  it('createChecksum("crc64nvme") gives the catalogue check value', () => {
    const c = createChecksum('crc64nvme');
    c.update(CHECK);
    expect(hex(c.digest())).toBe('ae8b14860a799888');
  });

  it('createChecksum(...).update over split chunks equals one update over the whole', () => {
    for (const algorithm of ['crc32', 'crc32c', 'crc64nvme', 'sha256'] as const) {
      const whole = createChecksum(algorithm);
      whole.update(CHECK);
      const split = createChecksum(algorithm);
      split.update(CHECK.subarray(0, 4));
      split.update(CHECK.subarray(4));
      expect(split.digest()).toBe(whole.digest());
    }
  });
});
