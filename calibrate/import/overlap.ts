// Which stage calls ran alone, and how crowded the others were, reconstructed from what a
// client-side record keeps: when each request started and how long it was in flight, and for
// the requests that succeeded, their calls' handler times in order. Nothing here knows FAVE:
// any set of requests with start times and per-call durations will do.
//
// Placement. A request's time outside its stage handlers (the orchestrator's own work, state
// writes, HTTP hops) is known only in total: N = duration − Σ call seconds. The point estimate
// spreads it evenly over the n + 1 gaps (before the first call, between calls, after the
// last), so call i starts at start + (i + 1)·N/(n + 1) + the seconds of the calls before it.
// The bounds put all of N after the call (earliest) or all before it (latest): the call
// surely lies in [start + before, start + N + before + seconds].
//
// Alone: no other request of the same group was in flight (its client interval) during the
// call's point interval. `aloneAtBounds` asks the same of the bounding window, so a reader
// can see how much the rule leans on the placement.
//
// Concurrency, over the call's point interval, time-averaged (a call half-overlapped by one
// other counts 1.5), and its maximum at any instant:
// - inFlight: requests in flight, this one included (each is in at most one call at a time,
//   so this bounds the calls the node was running);
// - sameStage: placed calls of the same stage, this one included (calls to one function
//   at once); only the requests whose calls are known count, so it is a lower bound when
//   `unknown` (time-averaged requests in flight whose calls are not known) is above 0.

export interface SpanCall {
  stage: string;
  /** Handler time, seconds. */
  seconds: number;
}

export interface Span {
  /** Requests overlap only within a group (a results file, a run). */
  group: string;
  start: number;
  /** In flight from start to start + duration, seconds. */
  duration: number;
  /** The stage calls in the order made, when known (a successful request). */
  calls?: readonly SpanCall[];
  /** The calls are known but not where they lie in the interval (e.g. the last of several
   * attempts): they are not placed, and the request counts as in flight with unknown calls. */
  unplaced?: boolean;
}

export interface PlacedCall {
  /** Index of the request in the input, and of the call in its request. */
  request: number;
  call: number;
  stage: string;
  seconds: number;
  start: number;
  end: number;
  earliest: number;
  latest: number;
  alone: boolean;
  aloneAtBounds: boolean;
  inFlight: number;
  inFlightMax: number;
  sameStage: number;
  sameStageMax: number;
  unknown: number;
}

interface Interval {
  start: number;
  end: number;
}

const overlaps = (x: Interval, a: number, b: number): boolean => (b > a ? x.start < b && x.end > a : x.start <= a && x.end > a);

/** Time-averaged count of intervals over [a, b]; for a zero-length call, the count at a. */
export function averageCount(intervals: readonly Interval[], a: number, b: number): number {
  if (!(b > a)) return intervals.filter((x) => overlaps(x, a, a)).length;
  let sum = 0;
  for (const x of intervals) sum += Math.max(0, Math.min(b, x.end) - Math.max(a, x.start));
  return sum / (b - a);
}

/** The most intervals open at one instant within [a, b]. */
export function maxCount(intervals: readonly Interval[], a: number, b: number): number {
  const inside = intervals.filter((x) => overlaps(x, a, b));
  // The count only rises at an interval's start (or at a), so those instants suffice.
  const instants = [a, ...inside.map((x) => x.start).filter((t) => t > a && t < b)];
  let best = 0;
  for (const t of instants) best = Math.max(best, inside.filter((x) => x.start <= t && x.end > t).length);
  return best;
}

/** Every known call of every placed request, with its placement and concurrency. */
export function reconstructOverlap(spans: readonly Span[]): PlacedCall[] {
  const placed: PlacedCall[] = [];
  spans.forEach((r, request) => {
    if (!r.calls || r.unplaced) return;
    const total = r.calls.reduce((s, c) => s + c.seconds, 0);
    const outside = Math.max(0, r.duration - total);
    const gap = outside / (r.calls.length + 1);
    let before = 0;
    r.calls.forEach((c, call) => {
      const start = r.start + (call + 1) * gap + before;
      placed.push({
        request, call, stage: c.stage, seconds: c.seconds, start, end: start + c.seconds,
        earliest: r.start + before, latest: r.start + outside + before + c.seconds,
        alone: false, aloneAtBounds: false, inFlight: 0, inFlightMax: 0, sameStage: 0, sameStageMax: 0, unknown: 0,
      });
      before += c.seconds;
    });
  });
  const groups = new Map<string, number[]>();
  spans.forEach((r, i) => groups.set(r.group, [...(groups.get(r.group) ?? []), i]));
  for (const p of placed) {
    const mine = spans[p.request]!;
    const others = groups.get(mine.group)!.filter((i) => i !== p.request);
    const interval = (i: number): Interval => ({ start: spans[i]!.start, end: spans[i]!.start + spans[i]!.duration });
    const otherIntervals = others.map(interval);
    const all = [interval(p.request), ...otherIntervals];
    p.alone = !otherIntervals.some((x) => overlaps(x, p.start, p.end));
    p.aloneAtBounds = !otherIntervals.some((x) => overlaps(x, p.earliest, p.latest));
    p.inFlight = averageCount(all, p.start, p.end);
    p.inFlightMax = maxCount(all, p.start, p.end);
    const unknownIntervals = others.filter((i) => !spans[i]!.calls || spans[i]!.unplaced).map(interval);
    p.unknown = averageCount(unknownIntervals, p.start, p.end);
    const same = placed.filter((q) => q !== p && q.stage === p.stage && spans[q.request]!.group === mine.group);
    p.sameStage = 1 + averageCount(same, p.start, p.end);
    p.sameStageMax = 1 + maxCount(same, p.start, p.end);
  }
  return placed;
}
