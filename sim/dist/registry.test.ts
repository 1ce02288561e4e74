import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createDistribution, DistributionSpecError, familyNames, registerFamily } from './registry.ts';
import { constant } from './constant.ts';

function errorOf(spec: unknown): DistributionSpecError {
  try {
    createDistribution(spec);
  } catch (e) {
    if (e instanceof DistributionSpecError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(spec)} to be rejected`);
}

const twoParam: Record<string, [string, string]> = {
  gamma: ['shape', 'scale'],
  weibull: ['shape', 'scale'],
};

describe('createDistribution', () => {
  it('familyNames() lists every built-in family', () => {
    expect(familyNames()).toEqual(['constant', 'empirical', 'exponential', 'gamma', 'lognormal', 'mixture', 'shifted', 'weibull']);
  });

  it('createDistribution(spec) rejects bad specs naming the JSON path and the value', () => {
    const table: [unknown, string, string][] = [
      [null, '$', 'must be a distribution object'],
      [[1], '$', 'must be a distribution object'],
      [{ type: 'normal', mu: 1 }, '$.type', 'must be one of constant, empirical, exponential, gamma, lognormal, mixture, shifted, weibull, got "normal"'],
      [{}, '$.type', 'got nothing (missing)'],
      [{ type: 'exponential', mean: -1 }, '$.mean', 'must be > 0, got -1'],
      [{ type: 'exponential', mean: '1' }, '$.mean', 'must be a finite number, got "1"'],
      [{ type: 'exponential' }, '$.mean', 'must be a finite number, got nothing (missing)'],
      [{ type: 'exponential', mean: 1, rate: 2 }, '$.rate', 'is not a exponential parameter (allowed: mean), got 2'],
      [{ type: 'gamma', shape: 1, scael: 2 }, '$.scael', "is not a gamma parameter (did you mean 'scale'?) (allowed: shape, scale), got 2"],
      [{ type: 'lognormal', mu: 0, sigma: 0 }, '$.sigma', 'must be > 0, got 0'],
      [{ type: 'gamma', shape: Infinity, scale: 1 }, '$.shape', 'must be a finite number, got Infinity'],
      [{ type: 'empirical', samples: [] }, '$.samples', 'must be a non-empty array'],
      [{ type: 'empirical', samples: [1, Number.NaN] }, '$.samples[1]', 'must be a finite number >= 0, got NaN'],
      [{ type: 'constant', value: -0.5 }, '$.value', 'must be >= 0'],
      [{ type: 'shifted', shift: 1, base: { type: 'weibull', shape: 1, scale: -2 } }, '$.base.scale', 'must be > 0, got -2'],
      [{ type: 'mixture', components: [{ weight: 0, dist: { type: 'constant', value: 1 } }] }, '$.components', 'weights must sum to > 0'],
      [{ type: 'mixture', components: [{ weight: 1, dist: { type: 'gamma', shape: 1 } }] }, '$.components[0].dist.scale', 'missing'],
      [{ type: 'mixture', components: [{ weight: 1, w: 2, dist: { type: 'constant', value: 1 } }] }, '$.components[0].w', 'not a mixture component key'],
      [{ type: 'mixture', components: [{ wieght: 1, dist: { type: 'constant', value: 1 } }] }, '$.components[0].wieght', "not a mixture component key (did you mean 'weight'?)"],
    ];
    for (const [spec, path, fragment] of table) {
      const e = errorOf(spec);
      expect(e.path).toBe(path);
      expect(e.message).toContain(fragment);
      expect(e.message.startsWith(`${path}: `)).toBe(true);
    }
  });

  it('createDistribution(spec, path) prefixes errors with the given path', () => {
    expect(() => createDistribution({ type: 'exponential', mean: 0 }, '$.stages.librosa.warm.dist')).toThrow(
      '$.stages.librosa.warm.dist.mean: must be > 0, got 0',
    );
  });

  it('createDistribution accepts every two-parameter spec with positive parameters in range', () => {
    // Weibull shapes start at 0.01: below, a draw or the mean overflows (weibull.ts).
    const positive = fc.double({ min: 1e-2, max: 1e3, noNaN: true });
    fc.assert(
      fc.property(fc.constantFrom('gamma', 'weibull'), positive, positive, (type, a, b) => {
        const [k1, k2] = twoParam[type]!;
        const d = createDistribution({ type, [k1]: a, [k2]: b });
        expect(Number.isFinite(d.quantile(0.5))).toBe(true);
        expect(d.mean()).toBeGreaterThan(0);
      }),
      { seed: 1, numRuns: 200 },
    );
  });

  it('createDistribution rejects any non-positive or non-finite parameter with a DistributionSpecError at its path', () => {
    const bad = fc.oneof(
      fc.double({ max: 0, noNaN: true }),
      fc.constantFrom(Number.NaN, Infinity, -Infinity),
      fc.string(),
      fc.constant(null),
    );
    const cases = fc.oneof(
      fc.tuple(fc.constant('exponential'), fc.constant('mean'), bad).map(([t, k, v]) => ({ spec: { type: t, [k]: v }, key: k })),
      fc.tuple(fc.constantFrom('gamma', 'weibull'), fc.constantFrom('shape', 'scale'), bad).map(([t, k, v]) => ({
        spec: { type: t, shape: 1, scale: 1, [k]: v },
        key: k,
      })),
      fc.tuple(fc.constant('lognormal'), bad).map(([t, v]) => ({ spec: { type: t, mu: 0, sigma: v }, key: 'sigma' })),
    );
    fc.assert(
      fc.property(cases, ({ spec, key }) => {
        const e = errorOf(spec);
        expect(e.path).toBe(`$.${key}`);
        expect(e.value).toBe(spec[key as keyof typeof spec]);
      }),
      { seed: 2, numRuns: 300 },
    );
  });

  it('createDistribution never throws anything but DistributionSpecError on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (spec) => {
        try {
          createDistribution(spec);
        } catch (e) {
          expect(e).toBeInstanceOf(DistributionSpecError);
        }
      }),
      { seed: 3, numRuns: 500 },
    );
  });

  it('registerFamily refuses a second family with a taken name', () => {
    expect(() => registerFamily(constant)).toThrow("'constant' is already registered");
  });
});
