// The sweep as written in JSON (`fave.sweep/v1`) and the sweep result
// (`fave.sweep-result/v1`). schemas/sweep.schema.json validates the sweep and documents
// every field; these types mirror it.
import type { Scenario } from '../scenario/types.ts';
import type { Estimate } from '../run/stats.ts';

export const SWEEP_FORMAT = 'fave.sweep/v1';
export const SWEEP_RESULT_FORMAT = 'fave.sweep-result/v1';

export type RandomParam = { min: number; max: number; integer?: boolean; log?: boolean } | { choices: unknown[] };

export type LatencyObjective = 'p50' | 'p95' | 'p99';
export type CostObjective = 'replicaGBs' | 'busyGBs' | 'invocationGBs';

export interface Sweep {
  $schema?: string;
  format: typeof SWEEP_FORMAT;
  name: string;
  description?: string;
  scenario: string;
  seeds: number;
  grid?: Record<string, unknown[]>;
  random?: { samples: number; seed: number; params: Record<string, RandomParam> };
  objective?: { latency?: LatencyObjective; cost?: CostObjective; slo?: number };
}

/** The objective with its defaults filled in (the schema documents them). */
export interface Objective {
  latency: LatencyObjective;
  cost: CostObjective;
  slo: number | null;
}

export function objectiveOf(sweep: Sweep): Objective {
  return { latency: sweep.objective?.latency ?? 'p95', cost: sweep.objective?.cost ?? 'replicaGBs', slo: sweep.objective?.slo ?? null };
}

/** One configuration: the base scenario with these pointer overrides, in pointer order. */
export interface Point {
  index: number;
  overrides: Record<string, unknown>;
}

/** A point applied and validated, ready to run. */
export interface ResolvedPoint extends Point {
  scenario: Scenario;
}

/** What a sweep keeps of a point: estimates over its seeds, not the full result. */
export interface PointMetrics {
  requests: Estimate;
  successRate: Estimate;
  latency: { p50: Estimate; p95: Estimate; p99: Estimate };
  failures: Record<string, Estimate>; // by cause, causes that occurred
  coldStarts: Estimate; // all functions together
  cost: { replicaGBs: Estimate; busyGBs: Estimate; invocationGBs: Estimate };
  lostUpdates: Estimate;
  sloViolationRate: number | null; // over all seeds' requests pooled; null without an slo
}

export interface PointResult extends Point {
  metrics: PointMetrics;
  /** The two numbers the Pareto front minimises (NaN counts as worst). */
  objectives: { cost: number; service: number }; // service: latency percentile (s), or SLO violation rate with an slo
  pareto: boolean;
}

export interface SweepResult {
  format: typeof SWEEP_RESULT_FORMAT;
  sweep: Sweep;
  scenario: Scenario;
  profile: { path: string | null; source: string | null; date: string | null };
  objective: Objective;
  seeds: number[];
  points: PointResult[];
  /** Indices of the non-dominated points, cheapest first. */
  pareto: number[];
}
