// The published JSON Schema and the registry must accept and reject the same specs.
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import schema from '../../schemas/distribution.schema.json' with { type: 'json' };
import { createDistribution, DistributionSpecError, familyNames } from './registry.ts';

const check = new Ajv2020({ strict: true, discriminator: true }).compile(schema);

const builds = (spec: unknown): boolean => {
  try {
    createDistribution(spec);
    return true;
  } catch (e) {
    if (e instanceof DistributionSpecError) return false;
    throw e;
  }
};

describe('distribution.schema.json', () => {
  it('distribution.schema.json names exactly the registered families', () => {
    expect(schema.oneOf.map((s) => s.title).sort()).toEqual(familyNames());
  });

  it('distribution.schema.json agrees with createDistribution on valid and invalid specs', () => {
    const specs: unknown[] = [
      { type: 'constant', value: 0 },
      { type: 'exponential', mean: 2 },
      { type: 'lognormal', mu: -1, sigma: 0.5 },
      { type: 'gamma', shape: 2, scale: 1 },
      { type: 'weibull', shape: 2, scale: 1 },
      { type: 'empirical', samples: [1, 2] },
      { type: 'shifted', shift: 1, base: { type: 'exponential', mean: 1 } },
      { type: 'mixture', components: [{ weight: 1, dist: { type: 'constant', value: 1 } }] },
      { type: 'constant', value: -1 },
      { type: 'exponential', mean: 0 },
      { type: 'lognormal', mu: 0 },
      { type: 'gamma', shape: 2, scale: 1, extra: 1 },
      { type: 'empirical', samples: [] },
      { type: 'shifted', shift: 1, base: { type: 'nope' } },
      { type: 'mixture', components: [{ weight: -1, dist: { type: 'constant', value: 1 } }] },
      { type: 'poisson', mean: 1 },
      // the ranges (docs/input-limits.md): no draw and no mean overflows
      { type: 'constant', value: 1e9 },
      { type: 'constant', value: 2e9 },
      { type: 'exponential', mean: 1e10 },
      { type: 'lognormal', mu: -50, sigma: 20 },
      { type: 'lognormal', mu: 51, sigma: 1 },
      { type: 'lognormal', mu: 0, sigma: 21 },
      { type: 'weibull', shape: 0.01, scale: 1 },
      { type: 'weibull', shape: 0.009, scale: 1 },
      { type: 'gamma', shape: 1e9, scale: 1e9 },
      { type: 'gamma', shape: 2e9, scale: 1 },
      { type: 'empirical', samples: [0, 1e9 + 1] },
      { type: 'shifted', shift: 2e9, base: { type: 'constant', value: 1 } },
      { type: 'mixture', components: Array.from({ length: 1001 }, () => ({ weight: 1, dist: { type: 'constant', value: 1 } })) },
      {},
      'lognormal',
    ];
    for (const spec of specs) expect(check(spec), JSON.stringify(spec)).toBe(builds(spec));
  });
});
