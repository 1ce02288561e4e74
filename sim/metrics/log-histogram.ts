// A log-bucketed histogram for latencies: fixed memory, O(1) record, no allocation.
// Bucket i covers [min·g^i, min·g^(i+1)) with g = 1 + precision, so every quantile is
// within `precision` (relative) of the truth; values below `min` go to bucket 0 and are
// tracked exactly through `minSeen`. HdrHistogram's idea at the size this simulator needs.

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
  private readonly logGrowth: number;
  readonly counts: Float64Array;
  total = 0;
  sum = 0;
  minSeen = Infinity;
  maxSeen = -Infinity;

  constructor(min = 1e-4, max = 1e6, precision = 0.01) {
    this.min = min;
    this.growth = 1 + precision;
    this.logGrowth = Math.log(this.growth);
    this.counts = new Float64Array(Math.ceil(Math.log(max / min) / this.logGrowth) + 2);
  }

  record(x: number): void {
    let i = x <= this.min ? 0 : Math.floor(Math.log(x / this.min) / this.logGrowth) + 1;
    if (i >= this.counts.length) i = this.counts.length - 1;
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
