// toWire/fromWire: JSON that keeps NaN, ±Infinity and -0, as structured clone does.
import { describe, expect, it } from 'vitest';
import { fromWire, toWire } from './wire.ts';

const roundTrip = (v: unknown) => fromWire(JSON.parse(JSON.stringify(toWire(v))));

describe('wire', () => {
  it('toWire then JSON then fromWire gives back NaN, ±Infinity and -0 where plain JSON loses them', () => {
    const value = { p50: NaN, min: Infinity, max: -Infinity, zero: -0, plain: 0.1 + 0.2, list: [1, NaN, -0, { deep: -Infinity }], s: 'NaN', b: true, n: null };
    const back = roundTrip(value) as typeof value;
    expect(back).toEqual(value);
    expect(Object.is(back.zero, -0)).toBe(true);
    expect(Object.is((back.list[2] as number), -0)).toBe(true);
    expect(back.plain).toBe(0.30000000000000004);
    expect(JSON.parse(JSON.stringify(value)).p50).toBeNull(); // what the codec is for
  });

  it('toWire keeps key order and drops undefined members as JSON does', () => {
    expect(Object.keys(roundTrip({ b: 1, a: 2, '429': 3, ok: 4 }) as object)).toEqual(['429', 'b', 'a', 'ok']);
    expect(roundTrip({ a: undefined, b: 1 })).toEqual({ b: 1 });
  });

  it('toWire refuses data that already uses the tag key, and fromWire refuses a bad tag naming it', () => {
    expect(() => toWire({ $number: 'x' })).toThrow("reserved key '$number'");
    expect(() => fromWire({ x: { $number: 'nan' } })).toThrow('fromWire: bad tagged number {"$number":"nan"}');
    expect(() => fromWire({ $number: 'NaN', more: 1 })).toThrow('fromWire: bad tagged number');
  });
});
