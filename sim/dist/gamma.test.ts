import { describe, expect, it } from 'vitest';
import { createDistribution } from './registry.ts';
import { distributionContract } from './contract.ts';
import { createStreams } from '../random/streams.ts';

distributionContract('gamma', [
  { spec: { type: 'gamma', shape: 2.5, scale: 0.4 } },
  { spec: { type: 'gamma', shape: 0.6, scale: 3 } },
  { spec: { type: 'gamma', shape: 40, scale: 0.05 } },
]);

describe('gamma', () => {
  it('gamma.quantile(p) matches reference values (mpmath)', () => {
    const d = createDistribution({ type: 'gamma', shape: 2.5, scale: 2 });
    // P(2.5, 1) = 0.15085496391539036, so quantile at that p is 2 (scale 2).
    expect(d.quantile(0.15085496391539036)).toBeCloseTo(2, 9);
    expect(d.cdf!(12)).toBeCloseTo(0.9652122194937582, 12);
  });

  it('gamma.sample(u) of one object interleaved over two streams equals drawing each stream alone', () => {
    const d = createDistribution({ type: 'gamma', shape: 0.8, scale: 1 });
    const s = createStreams(9);
    const a = s.stream('a');
    const b = s.stream('b');
    const mixed: number[][] = [[], []];
    for (let i = 0; i < 300; i++) {
      mixed[0]!.push(d.sample(a));
      mixed[1]!.push(d.sample(b));
    }
    const alone = (name: string): number[] => {
      const u = createStreams(9).stream(name);
      return Array.from({ length: 300 }, () => d.sample(u));
    };
    expect(mixed[0]).toEqual(alone('a'));
    expect(mixed[1]).toEqual(alone('b'));
  });
});
