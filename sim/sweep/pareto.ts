// The Pareto front of two objectives, both minimised: the points no other point beats on
// one objective without losing on the other. NaN (e.g. no successful request, so no
// latency) counts as the worst value. Identical points are all on the front. Points can be
// left out first (`keep`): a point that failed every request, or missed the SLO, is no
// trade-off however cheap it is, and must not stand on the front nor push others off it.

export interface Objectives {
  cost: number;
  service: number;
}

const worst = (x: number) => (Number.isNaN(x) ? Infinity : x);

/** a dominates b: no worse on both, better on at least one. */
export function dominates(a: Objectives, b: Objectives): boolean {
  const [ac, as, bc, bs] = [worst(a.cost), worst(a.service), worst(b.cost), worst(b.service)];
  return ac <= bc && as <= bs && (ac < bc || as < bs);
}

/** Indices of the non-dominated items among those kept (`keep[i]`, default all), cheapest
 * first (ties: better service, then index). */
export function paretoFront(items: Objectives[], keep?: readonly boolean[]): number[] {
  const order = items.map((_, i) => i).filter((i) => keep?.[i] ?? true).sort((i, j) => worst(items[i]!.cost) - worst(items[j]!.cost) || worst(items[i]!.service) - worst(items[j]!.service) || i - j);
  const front: number[] = [];
  // Sweep in cost order: a point is dominated iff an earlier (no costlier) point has
  // strictly better service, or equal service at strictly lower cost.
  for (const i of order) {
    if (!front.some((f) => dominates(items[f]!, items[i]!))) front.push(i);
  }
  return front;
}
