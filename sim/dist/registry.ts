// Builds distributions from JSON specs. Each family registers itself by name; the registry
// checks the shape common to all (an object, a known `type`, no unknown keys) and the family
// checks its parameters. Every error names the JSON path and the bad value.
import type { Distribution } from './spec.ts';
import { nearNote } from '../input/did-you-mean.ts';
import type { Family } from './family.ts';
import { DistributionSpecError } from './spec-error.ts';
import { constant } from './constant.ts';
import { exponential } from './exponential.ts';
import { lognormal } from './lognormal.ts';
import { gamma } from './gamma.ts';
import { weibull } from './weibull.ts';
import { empirical } from './empirical.ts';
import { shifted } from './shifted.ts';
import { mixture } from './mixture.ts';

export { DistributionSpecError } from './spec-error.ts';
export type { Family } from './family.ts';

const families = new Map<string, Family>();

/** Adds a family; a second family under the same name is a programming error. */
export function registerFamily(family: Family): void {
  if (families.has(family.name)) throw new Error(`registerFamily: '${family.name}' is already registered`);
  families.set(family.name, family);
}

/** The registered family names, sorted. */
export function familyNames(): string[] {
  return [...families.keys()].sort();
}

for (const f of [constant, exponential, lognormal, gamma, weibull, empirical, shifted, mixture]) registerFamily(f);

/** Validates `spec` and builds it; throws DistributionSpecError naming `path` on any problem. */
export function createDistribution(spec: unknown, path = '$'): Distribution {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    throw new DistributionSpecError(path, spec, 'must be a distribution object with a "type"');
  }
  const rec = spec as Record<string, unknown>;
  const type = rec['type'];
  const family = typeof type === 'string' ? families.get(type) : undefined;
  if (!family) {
    throw new DistributionSpecError(`${path}.type`, type, `must be one of ${familyNames().join(', ')}`);
  }
  for (const key of Object.keys(rec)) {
    if (key !== 'type' && !family.keys.includes(key)) {
      throw new DistributionSpecError(`${path}.${key}`, rec[key],
        `is not a ${family.name} parameter${nearNote(key, family.keys)} (allowed: ${family.keys.join(', ')})`);
    }
  }
  return family.create(rec, path, createDistribution);
}
