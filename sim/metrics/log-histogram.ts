// A log-bucketed histogram for latencies: fixed memory, O(1) record, no allocation.
// Bucket i covers [min·g^i, min·g^(i+1)) with g = 1 + precision, so every quantile is
// within `precision` (relative) of the truth; values below `min` go to bucket 0 and are
// tracked exactly through `minSeen`. HdrHistogram's idea at the size this simulator needs.
// record() runs once per simulated call, tens of millions of times in a large run, so it
// finds the bucket without a logarithm: the top bits of the double (its exponent and seven
// bits of mantissa) index a table of the bucket where that slice of numbers starts, and a
// slice is narrower than a bucket, so one comparison with the next bucket's edge settles it.

const F64 = new Float64Array(1);
const LO = new Uint32Array(F64.buffer, 0, 1);
const HI = new Uint32Array(F64.buffer, 4, 1); // the high word (little-endian, as x64 and arm64)
const SLICE_SHIFT = 13; // 20 mantissa bits in the high word, keep 7: slices of ≤ 0.55%

/** The lookup tables of one bucket layout, shared by every histogram that has it. */
interface Layout {
  /** edge[i] = lower edge of bucket i (i ≥ 1); edge[n] = Infinity. */
  edge: Float64Array;
  /** The first slice key the table covers, and per slice the bucket of its lower end. */
  firstKey: number;
  slice: Int32Array;
}
const layouts = new Map<string, Layout>();

function layoutOf(min: number, growth: number, n: number): Layout {
  const id = `${min}/${growth}/${n}`;
  let l = layouts.get(id);
  if (l) return l;
  const edge = new Float64Array(n + 1);
  edge[0] = 0;
  for (let i = 1; i < n; i++) edge[i] = min * Math.pow(growth, i - 1);
  edge[n] = Infinity;
  const firstKey = keyOf(min);
  const lastKey = keyOf(edge[n - 1]!);
  const slice = new Int32Array(lastKey - firstKey + 1);
  let b = 0;
  for (let k = firstKey; k <= lastKey; k++) {
    const v = valueOfKey(k);
    while (v >= edge[b + 1]!) b++;
    slice[k - firstKey] = b;
  }
  l = { edge, firstKey, slice };
  layouts.set(id, l);
  return l;
}

function keyOf(x: number): number {
  F64[0] = x;
  return HI[0]! >>> SLICE_SHIFT;
}

/** The smallest positive double whose key is k. */
function valueOfKey(k: number): number {
  LO[0] = 0;
  HI[0] = k << SLICE_SHIFT;
  return F64[0]!;
}

export interface HistogramJSON {
  min: number;
  growth: number;
  counts: number[]; // trailing zeros trimmed
  total: number;
  sum: number;
  minSeen: number;
  maxSeen: number;
}

export class LogHistogram {
  readonly min: number;
  readonly growth: number;
  readonly counts: Float64Array;
  private readonly edge: Float64Array;
  private readonly slice: Int32Array;
  private readonly firstKey: number;
  total = 0;
  sum = 0;
  minSeen = Infinity;
  maxSeen = -Infinity;

  constructor(min = 1e-4, max = 1e6, precision = 0.01) {
    this.min = min;
    this.growth = 1 + precision;
    this.counts = new Float64Array(Math.ceil(Math.log(max / min) / Math.log(this.growth)) + 2);
    const layout = layoutOf(min, this.growth, this.counts.length);
    this.edge = layout.edge;
    this.slice = layout.slice;
    this.firstKey = layout.firstKey;
  }

  /** Bucket i ≥ 1 holds [min·g^(i−1), min·g^i); the last one everything above. */
  record(x: number): void {
    let i = 0;
    if (x > this.min) {
      F64[0] = x;
      const k = (HI[0]! >>> SLICE_SHIFT) - this.firstKey;
      if (k < this.slice.length) {
        i = this.slice[k]!;
        while (x >= this.edge[i + 1]!) i++; // once at most, unless precision < 0.55%
      } else {
        i = this.counts.length - 1;
      }
    }
    this.counts[i]!++;
    this.total++;
    this.sum += x;
    if (x < this.minSeen) this.minSeen = x;
    if (x > this.maxSeen) this.maxSeen = x;
  }

  mean(): number {
    return this.total ? this.sum / this.total : NaN;
  }

  /** The q-quantile (0..1): the geometric middle of the bucket holding it, clamped to what was seen. */
  quantile(q: number): number {
    if (this.total === 0) return NaN;
    const rank = Math.max(1, Math.ceil(q * this.total));
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) {
        const v = i === 0 ? this.min : this.min * Math.pow(this.growth, i - 0.5);
        return Math.min(Math.max(v, this.minSeen), this.maxSeen);
      }
    }
    return this.maxSeen;
  }

  merge(other: LogHistogram): void {
    for (let i = 0; i < this.counts.length; i++) this.counts[i]! += other.counts[i]!;
    this.total += other.total;
    this.sum += other.sum;
    this.minSeen = Math.min(this.minSeen, other.minSeen);
    this.maxSeen = Math.max(this.maxSeen, other.maxSeen);
  }

  toJSON(): HistogramJSON {
    let last = this.counts.length - 1;
    while (last >= 0 && this.counts[last] === 0) last--;
    return {
      min: this.min,
      growth: this.growth,
      counts: Array.from(this.counts.subarray(0, last + 1)),
      total: this.total,
      sum: this.sum,
      minSeen: this.total ? this.minSeen : 0,
      maxSeen: this.total ? this.maxSeen : 0,
    };
  }
}
