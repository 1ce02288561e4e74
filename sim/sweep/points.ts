// A sweep's points: the cartesian product of the grid (first pointer varies slowest, like
// nested loops in file order), times the random samples when both are given. A point is
// only its overrides here; apply-point.ts turns it into a validated scenario.
import { randomSamples } from './random-search.ts';
import type { Point, Sweep } from './types.ts';

export function gridProduct(grid: Record<string, unknown[]>): Record<string, unknown>[] {
  let combos: Record<string, unknown>[] = [{}];
  for (const [pointer, values] of Object.entries(grid)) {
    combos = combos.flatMap((c) => values.map((v) => ({ ...c, [pointer]: v })));
  }
  return combos;
}

/** Points a sweep may have (docs/input-limits.md): each is validated and resolved before
 * the first runs, and its results are kept. */
export const MAX_POINTS = 100_000;

/** How many points pointsOf would make, without making them. */
export function pointCount(sweep: Sweep): number {
  let n = sweep.random ? sweep.random.samples : 1;
  for (const values of Object.values(sweep.grid ?? {})) n *= values.length;
  return n;
}

export function pointsOf(sweep: Sweep): Point[] {
  const grid = gridProduct(sweep.grid ?? {});
  const random = sweep.random ? randomSamples(sweep.random.params, sweep.random.samples, sweep.random.seed) : [{}];
  const points: Point[] = [];
  for (const g of grid) for (const r of random) points.push({ index: points.length, overrides: { ...g, ...r } });
  return points;
}

/** `/a/b=1, /c="x"`: how errors and the table name a point. */
export function pointLabel(p: Point): string {
  const parts = Object.entries(p.overrides).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
  return parts.length ? parts.join(', ') : 'the base scenario';
}
