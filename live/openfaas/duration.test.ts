import { describe, expect, it } from 'vitest';
import parseDuration from './duration.ts';
import parseMemoryQuantity from './quantity.ts';

describe('parseDuration', () => {
  it.each([
    ['60', 60_000],
    ['65s', 65_000],
    ['1m30s', 90_000],
    ['500ms', 500],
    ['1.5h', 5_400_000],
  ])('parseDuration(%s) is %d ms', (text, ms) => {
    expect(parseDuration('t', text)).toBe(ms);
  });

  it.each(['', '-1', 'ten', '10 s', '5d', '1m30'])('parseDuration(%j) fails naming the variable', (text) => {
    expect(() => parseDuration('read_timeout', text)).toThrow(/^read_timeout=/);
  });
});

describe('parseMemoryQuantity', () => {
  it.each([
    ['512Mi', 512 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['256M', 256e6],
    ['128974848', 128974848],
  ])('parseMemoryQuantity(%s) is %d bytes', (text, bytes) => {
    expect(parseMemoryQuantity('limits.memory', text)).toBe(bytes);
  });

  it.each(['lots', '0', '1GB', '-5Mi'])('parseMemoryQuantity(%j) fails', (text) => {
    expect(() => parseMemoryQuantity('limits.memory', text)).toThrow(/^limits.memory=/);
  });
});
