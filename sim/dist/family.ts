// What each distribution family registers, and the parameter checks they share.
// All families live on [0, ∞): they model durations and counts.
import type { Distribution } from './spec.ts';
import { DistributionSpecError } from './spec-error.ts';

/** Builds a nested spec (used by shifted and mixture), reporting errors under `path`. */
export type Build = (spec: unknown, path: string) => Distribution;

export interface Family {
  readonly name: string;
  /** The keys a spec of this family may have besides `type`; others are rejected. */
  readonly keys: readonly string[];
  /** Builds from a spec whose `type` and keys were already checked. */
  create(spec: Readonly<Record<string, unknown>>, path: string, build: Build): Distribution;
}

type Rule = 'finite' | 'positive' | 'nonNegative';

/** The largest parameter (a time in seconds, a count, a weight) unless the family says
 * otherwise, as for every time in a scenario (docs/input-limits.md): no draw overflows. */
export const MAX_PARAM = 1e9;

/** Reads `spec[key]` as a finite number obeying `rule` and within [min, max] (default
 * max MAX_PARAM), or throws naming `path.key`. distribution.schema.json says the same. */
export function param(spec: Readonly<Record<string, unknown>>, key: string, path: string, rule: Rule, range: { min?: number; max?: number } = {}): number {
  const value = spec[key];
  const at = `${path}.${key}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new DistributionSpecError(at, value, 'must be a finite number');
  }
  if (rule === 'positive' && !(value > 0)) throw new DistributionSpecError(at, value, 'must be > 0');
  if (rule === 'nonNegative' && !(value >= 0)) throw new DistributionSpecError(at, value, 'must be >= 0');
  if (range.min !== undefined && !(value >= range.min)) throw new DistributionSpecError(at, value, `must be >= ${range.min}`);
  const max = range.max ?? MAX_PARAM;
  if (!(value <= max)) throw new DistributionSpecError(at, value, `must be <= ${max}`);
  return value;
}
