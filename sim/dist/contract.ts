// The contract every distribution family passes. Each family's test file calls
// distributionContract with a few specs; the checks are distribution-free where possible
// (tolerances come from the variance of the estimator, at 5 standard errors).
import { describe, expect, it } from 'vitest';
import type { DistSpec, Distribution } from './spec.ts';
import { createDistribution } from './registry.ts';
import { createStreams } from '../random/streams.ts';
import { Sampler } from './sampler.ts';

export interface ContractCase {
  spec: DistSpec;
  /** The distribution has atoms (constant, tied samples): its cdf jumps, so the round trip
   * quantile(cdf(x)) = x gives way to the generalised inverse cdf(quantile(p)) >= p. */
  atoms?: boolean;
}

const N = 20_000;

function draw(d: Distribution, seed: number, n: number): Float64Array {
  const u = createStreams(seed).stream('contract');
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = d.sample(u);
  return out;
}

function sampleQuantile(sorted: Float64Array, p: number): number {
  const h = p * (sorted.length - 1);
  const i = Math.floor(h);
  const lo = sorted[i]!;
  return i + 1 < sorted.length ? lo + (h - i) * (sorted[i + 1]! - lo) : lo;
}

export function distributionContract(family: string, cases: ContractCase[]): void {
  describe(`${family} distribution contract`, () => {
    for (const c of cases) {
      const label = JSON.stringify(c.spec).slice(0, 90);

      it(`createDistribution(${label}) echoes its spec and rebuilds identically from it`, () => {
        const d = createDistribution(c.spec);
        expect(d.spec).toEqual(c.spec);
        expect(createDistribution(JSON.parse(JSON.stringify(d.spec))).spec).toEqual(d.spec);
      });

      it(`sample() of ${label} gives the same draws for the same uniform sequence`, () => {
        const d = createDistribution(c.spec);
        const a = draw(d, 5, 2000);
        const b = draw(createDistribution(c.spec), 5, 2000);
        expect(Array.from(b)).toEqual(Array.from(a));
        for (const x of a) expect(Number.isFinite(x) && x >= 0).toBe(true);
      });

      it(`a Sampler over ${label} gives exactly the draws of sample() (fill included)`, () => {
        const d = createDistribution(c.spec);
        const s = new Sampler(d, createStreams(5).stream('contract'));
        const viaSampler = Array.from({ length: 700 }, () => s.next()); // spans three blocks
        expect(viaSampler).toEqual(Array.from(draw(d, 5, 700)));
      });

      it(`sample() of ${label} averages to mean() within 5 standard errors`, () => {
        const d = createDistribution(c.spec);
        const xs = draw(d, 17, N);
        let sum = 0;
        for (const x of xs) sum += x;
        const m = sum / N;
        let ss = 0;
        for (const x of xs) ss += (x - m) ** 2;
        const se = Math.sqrt(ss / (N - 1) / N);
        // The 1e-12 term admits constants, where the standard error is 0.
        expect(Math.abs(m - d.mean())).toBeLessThanOrEqual(5 * se + 1e-12 * Math.abs(d.mean()));
      });

      it(`quantile() of ${label} matches the sample quantiles of ${N} draws at p = 0.1, 0.5, 0.9`, () => {
        const d = createDistribution(c.spec);
        const sorted = draw(d, 23, N).sort();
        for (const p of [0.1, 0.5, 0.9]) {
          const q = sampleQuantile(sorted, p);
          if (d.cdf && !c.atoms) {
            // F(sample quantile) ~ p ± sqrt(p(1−p)/N), whatever the distribution.
            expect(Math.abs(d.cdf(q) - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N));
          } else {
            expect(q).toBeCloseTo(d.quantile(p), 9);
          }
        }
      });

      if (c.atoms) {
        // With atoms the cdf jumps, so only the generalised inverse holds: F(Q(p)) >= p.
        it(`cdf(quantile(p)) of ${label} is at least p`, () => {
          const d = createDistribution(c.spec);
          expect(d.cdf).toBeDefined();
          for (const p of [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]) expect(d.cdf!(d.quantile(p))).toBeGreaterThanOrEqual(p);
        });
      } else {
        it(`quantile(cdf(x)) of ${label} returns x`, () => {
          const d = createDistribution(c.spec);
          expect(d.cdf).toBeDefined();
          for (const p of [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]) {
            const x = d.quantile(p);
            const back = d.cdf!(x);
            expect(back).toBeCloseTo(p, 9);
            expect(Math.abs(d.quantile(back) - x)).toBeLessThanOrEqual(1e-8 * Math.max(1, x));
          }
        });
      }
    }
  });
}
