// Arrivals of a trace across all its functions, in time order, with the function of each.
// Per-minute counts (Azure 2019) are spread inside their minute (uniformly at random, or
// equidistant) one minute at a time, so memory stays at one minute's arrivals however long
// the trace; explicit times (Azure 2021) are replayed as they are.
import type { Uniform } from '../dist/spec.ts';
import type { TraceData } from './trace-data.ts';

export interface MultiArrivalSource {
  /** Next arrival time (or Infinity); its function index is then in `fn`. */
  next(): number;
  fn: number;
}

export function traceArrivals(trace: TraceData, horizon: number, u: Uniform, spread: 'uniform' | 'equidistant' = 'uniform'): MultiArrivalSource {
  if (trace.times && trace.fns) {
    const times = trace.times;
    const fns = trace.fns;
    let i = 0;
    const src: MultiArrivalSource = {
      fn: -1,
      next() {
        if (i >= times.length || times[i]! >= horizon) return Infinity;
        src.fn = fns[i]!;
        return times[i++]!;
      },
    };
    return src;
  }
  const counts = trace.counts!;
  const nFns = trace.functions.length;
  const minutes = trace.minutes;
  let most = 0;
  for (let m = 0; m < minutes; m++) {
    let total = 0;
    for (let f = 0; f < nFns; f++) total += counts[f * minutes + m]!;
    most = Math.max(most, total);
  }
  const times = new Float64Array(most);
  const fnOf = new Int32Array(most);
  const order = new Int32Array(most);
  let minute = -1;
  let n = 0; // arrivals in the current minute
  let i = 0; // next to emit
  const fill = (m: number): void => {
    n = 0;
    for (let f = 0; f < nFns; f++) {
      const c = counts[f * minutes + m]!;
      for (let k = 0; k < c; k++) {
        times[n] = m * 60 + (spread === 'uniform' ? u() * 60 : ((k + 0.5) * 60) / c);
        fnOf[n] = f;
        order[n] = n;
        n++;
      }
    }
    // Sort this minute's arrivals by time (ties by function, then draw order: deterministic).
    order.subarray(0, n).sort((a, b) => times[a]! - times[b]! || fnOf[a]! - fnOf[b]! || a - b);
    i = 0;
  };
  const src: MultiArrivalSource = {
    fn: -1,
    next() {
      while (i >= n) {
        if (++minute >= minutes || minute * 60 >= horizon) return Infinity;
        fill(minute);
      }
      const k = order[i++]!;
      if (times[k]! >= horizon) return Infinity;
      src.fn = fnOf[k]!;
      return times[k]!;
    },
  };
  return src;
}

/** How many arrivals traceArrivals gives before the horizon (minutes that start before it
 * counted whole), without drawing them: what a run is sized by (sim/run/work-estimate.ts). */
export function expectedTraceArrivals(trace: TraceData, horizon: number): number {
  if (trace.times) {
    let n = 0;
    while (n < trace.times.length && trace.times[n]! < horizon) n++;
    return n;
  }
  const counts = trace.counts!;
  const minutes = Math.min(trace.minutes, Math.ceil(horizon / 60));
  let total = 0;
  for (let f = 0; f < trace.functions.length; f++) {
    for (let m = 0; m < minutes; m++) total += counts[f * trace.minutes + m]!;
  }
  return total;
}
