// A replayable trace: the functions it names (with their service-time distribution and
// memory) and their arrivals, either as per-minute counts (Azure 2019) or as explicit
// arrival times (Azure 2021). Built by the parsers, consumed by resolve and trace-arrivals.
import type { DistSpec } from '../dist/spec.ts';
import { FaveError } from '../process/errors.ts';

export interface TraceFunction {
  name: string; // short and unique: f<index>-<hash prefix>
  hash: string;
  warm: DistSpec;
  memoryMB: number;
  invocations: number;
}

export interface TraceData {
  format: 'azure2019' | 'azure2021';
  source: string;
  functions: TraceFunction[];
  /** azure2019: counts[f * minutes + m] invocations of function f in minute fromMinute + m. */
  counts: Int32Array | null;
  minutes: number;
  /** azure2021: arrival times (s, ascending) and the function of each. */
  times: Float64Array | null;
  fns: Int32Array | null;
}

export class TraceError extends FaveError {
  constructor(
    readonly file: string,
    readonly line: number,
    problem: string,
  ) {
    super(`${file}${line > 0 ? `:${line}` : ''}: ${problem}`);
    this.name = 'TraceError';
  }
}

export const traceName = (index: number, hash: string): string => `f${String(index + 1).padStart(3, '0')}-${hash.slice(0, 8)}`;

/** A service-time distribution through known percentiles (p in 0..1, value in s): the
 * piecewise-linear quantile function, tabulated as 101 equally spaced quantiles so the
 * `empirical` family (linear between order statistics) reproduces it. */
export function fromPercentiles(points: { p: number; value: number }[]): DistSpec {
  const pts = [...points].sort((a, b) => a.p - b.p);
  const samples: number[] = [];
  for (let k = 0; k <= 100; k++) {
    const q = k / 100;
    let j = 0;
    while (j < pts.length - 2 && pts[j + 1]!.p < q) j++;
    const a = pts[j]!;
    const b = pts[j + 1] ?? a;
    const v = b.p === a.p ? a.value : a.value + ((b.value - a.value) * (q - a.p)) / (b.p - a.p);
    samples.push(Math.max(v, 1e-6));
  }
  return samples.every((s) => s === samples[0]) ? { type: 'constant', value: samples[0]! } : { type: 'empirical', samples };
}
