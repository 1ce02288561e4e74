// The hybrid histogram policy of Shahrad et al., "Serverless in the Wild" (ATC'20, §4.2).
// Per function, the idle times (from an instance going idle to the next call) are counted
// in `binWidth` bins over `range`. After a call ends:
// - representative histogram (CV of the bin counts ≥ cvThreshold): unload at once, pre-warm
//   at the head (headPercentile, lowered by `margin`) and keep the pre-warmed instance until
//   the tail (tailPercentile, raised by `margin`); when the head is the first bin, keep the
//   instance loaded until the tail instead (no pre-warm);
// - no data yet, or a flat histogram: the standard keep-alive, the whole range (4 h);
// - most idle times past the range (share > oobThreshold): a forecast of the next idle time
//   F, pre-warm at F·(1 − forecastMargin) and keep until F·(1 + forecastMargin). The paper
//   forecasts with ARIMA; this uses the mean of the out-of-range idle times seen so far, a
//   simpler forecast (it is right for the periodic functions the branch exists for).
// Concurrency. The paper's idle time is an application's: from its last execution ending to
// the next call. Here instances serve one call each, so `idleTime` says what is counted:
// - 'function' (the paper's): from the function going wholly idle (no busy instance) to
//   its next call;
// - 'instance': also the gaps of the other instances: from the busy count falling from k+1
//   to k to it rising back to k+1 (under last-in-first-out reuse, how long the (k+1)-th
//   instance waits), so a function that keeps several instances busy learns how long its
//   extra instances sit idle.
// Either way the windows are applied to the instance that leaves the function wholly idle;
// an instance going idle while others are busy is kept until the tail, with no pre-warm.
import { type IdleDecision, type KeepAliveKind, type KeepAlivePolicy, type PolicySpec, MAX_SECONDS, PolicySpecError, between, onlyKeys, positive } from './warm-policy.ts';

/** Bins a histogram may have: range / binWidth of them are allocated for each function. */
const MAX_BINS = 1_000_000;

interface HybridParams {
  binWidth: number;
  range: number;
  headPercentile: number;
  tailPercentile: number;
  margin: number;
  cvThreshold: number;
  oobThreshold: number;
  forecastMargin: number;
  idleTime: 'function' | 'instance';
}

export interface HybridHistogramSpec extends PolicySpec, HybridParams {
  type: 'hybrid-histogram';
}

const DEFAULTS: HybridParams = {
  binWidth: 60,
  range: 4 * 3600,
  headPercentile: 5,
  tailPercentile: 99,
  margin: 0.1,
  cvThreshold: 2,
  oobThreshold: 0.5,
  forecastMargin: 0.15,
  idleTime: 'function',
};

export class HybridHistogram implements KeepAlivePolicy {
  private readonly bins: Float64Array;
  private inRange = 0;
  private outOfRange = 0;
  private outOfRangeSum = 0;
  /** idleSince[k]: when the busy count last fell to k (NaN: it has risen since). */
  private idleSince: Float64Array;
  private readonly decision: IdleDecision = { keepUntil: 0, prewarmAt: NaN, prewarmKeepUntil: NaN };
  // Windows relative to the idle start, recomputed only after a new idle time.
  private dirty = true;
  private head = 0; // pre-warm after this long (0 = no pre-warm)
  private tail = 0; // keep loaded until this long after the idle start

  constructor(readonly spec: HybridHistogramSpec) {
    this.bins = new Float64Array(Math.ceil(spec.range / spec.binWidth - 1e-9));
    this.idleSince = new Float64Array(spec.idleTime === 'function' ? 1 : 64).fill(NaN);
  }

  describe(): string {
    return `hybrid-histogram(${(Object.keys(DEFAULTS) as (keyof HybridParams)[]).map((k) => `${k}=${this.spec[k]}`).join(', ')})`;
  }

  onInvocation(now: number, busy: number): void {
    if (busy >= this.idleSince.length) return;
    const since = this.idleSince[busy]!;
    if (Number.isNaN(since)) return;
    this.record(now - since);
    this.idleSince[busy] = NaN;
  }

  /** Counts one idle time (public for tests that feed a history directly). */
  record(idle: number): void {
    const s = this.spec;
    if (idle >= s.range) {
      this.outOfRange++;
      this.outOfRangeSum += idle;
    } else {
      this.bins[Math.floor(idle / s.binWidth)]!++;
      this.inRange++;
    }
    this.dirty = true;
  }

  onIdle(now: number, busy: number): IdleDecision {
    if (busy >= this.idleSince.length && this.spec.idleTime === 'instance') this.grow(busy);
    if (busy < this.idleSince.length) this.idleSince[busy] = now;
    if (this.dirty) this.windows();
    const d = this.decision;
    if (this.head > 0 && busy === 0) {
      d.keepUntil = now;
      d.prewarmAt = now + this.head;
      d.prewarmKeepUntil = now + this.tail;
    } else {
      d.keepUntil = now + this.tail;
      d.prewarmAt = NaN;
      d.prewarmKeepUntil = NaN;
    }
    return d;
  }

  /** More busy levels than seen so far (rare: doubles, so a run allocates O(log max)). */
  private grow(busy: number): void {
    let n = this.idleSince.length;
    while (n <= busy) n *= 2;
    const next = new Float64Array(n).fill(NaN);
    next.set(this.idleSince);
    this.idleSince = next;
  }

  /** The current windows (pre-warm after `head` s, keep until `tail` s after going idle). */
  windows(): { head: number; tail: number } {
    const s = this.spec;
    this.dirty = false;
    const seen = this.inRange + this.outOfRange;
    if (seen > 0 && this.outOfRange / seen > s.oobThreshold) {
      const forecast = this.outOfRangeSum / this.outOfRange;
      this.head = forecast * (1 - s.forecastMargin);
      this.tail = forecast * (1 + s.forecastMargin);
    } else if (this.inRange === 0 || this.cv() < s.cvThreshold) {
      this.head = 0;
      this.tail = s.range;
    } else {
      this.head = this.percentileBin(s.headPercentile) * s.binWidth * (1 - s.margin);
      this.tail = (this.percentileBin(s.tailPercentile) + 1) * s.binWidth * (1 + s.margin);
    }
    return { head: this.head, tail: this.tail };
  }

  /** The bin holding the p-th percentile of the in-range idle times. */
  private percentileBin(p: number): number {
    const want = (p / 100) * this.inRange;
    let acc = 0;
    for (let i = 0; i < this.bins.length; i++) {
      acc += this.bins[i]!;
      if (acc >= want && acc > 0) return i;
    }
    return this.bins.length - 1;
  }

  /** Coefficient of variation of the bin counts (high = concentrated, 0 = flat). */
  private cv(): number {
    const n = this.bins.length;
    const mean = this.inRange / n;
    let ss = 0;
    for (let i = 0; i < n; i++) ss += (this.bins[i]! - mean) ** 2;
    return Math.sqrt(ss / n) / mean;
  }
}

export const hybridHistogram: KeepAliveKind<HybridHistogramSpec> = {
  name: 'hybrid-histogram',
  slot: 'keepAlive',
  description: 'Shahrad et al. (ATC 20): pre-warm at the head of the idle-time histogram, keep alive to its tail',
  keys: Object.keys(DEFAULTS),
  schema: {
    type: 'object',
    additionalProperties: false,
    required: ['type'],
    properties: {
      type: { const: 'hybrid-histogram' },
      binWidth: { type: 'number', exclusiveMinimum: 0, maximum: MAX_SECONDS, default: 60, description: 'histogram bin, seconds' },
      range: { type: 'number', exclusiveMinimum: 0, maximum: MAX_SECONDS, default: 14400, description: 'histogram range, seconds; also the standard keep-alive' },
      headPercentile: { type: 'number', minimum: 0, maximum: 100, default: 5, description: 'pre-warm at this percentile of idle times' },
      tailPercentile: { type: 'number', minimum: 0, maximum: 100, default: 99, description: 'keep alive to this percentile' },
      margin: { type: 'number', minimum: 0, maximum: 1, default: 0.1, description: 'head lowered and tail raised by this fraction' },
      cvThreshold: { type: 'number', minimum: 0, maximum: MAX_SECONDS, default: 2, description: 'a histogram whose bin counts have a lower CV is not representative' },
      oobThreshold: { type: 'number', minimum: 0, maximum: 1, default: 0.5, description: 'past this share of out-of-range idle times, forecast instead' },
      forecastMargin: { type: 'number', minimum: 0, maximum: 1, default: 0.15, description: 'window around the forecast idle time' },
      idleTime: { enum: ['function', 'instance'], default: 'function', description: "which idle times are counted: the function's (the paper's) or every instance's" },
    },
  },
  normalize(raw, path) {
    onlyKeys(raw, this.keys, path);
    const spec: HybridHistogramSpec = {
      type: 'hybrid-histogram',
      binWidth: positive(raw, 'binWidth', path, DEFAULTS.binWidth),
      range: positive(raw, 'range', path, DEFAULTS.range),
      headPercentile: between(raw, 'headPercentile', path, DEFAULTS.headPercentile, 0, 100),
      tailPercentile: between(raw, 'tailPercentile', path, DEFAULTS.tailPercentile, 0, 100),
      margin: between(raw, 'margin', path, DEFAULTS.margin, 0, 1),
      cvThreshold: between(raw, 'cvThreshold', path, DEFAULTS.cvThreshold, 0, MAX_SECONDS),
      oobThreshold: between(raw, 'oobThreshold', path, DEFAULTS.oobThreshold, 0, 1),
      forecastMargin: between(raw, 'forecastMargin', path, DEFAULTS.forecastMargin, 0, 1),
      idleTime: raw.idleTime === undefined ? DEFAULTS.idleTime : (raw.idleTime as HybridParams['idleTime']),
    };
    if (spec.idleTime !== 'function' && spec.idleTime !== 'instance') throw new PolicySpecError(`${path}.idleTime`, raw.idleTime, "must be 'function' or 'instance'");
    if (spec.headPercentile > spec.tailPercentile) {
      throw new PolicySpecError(`${path}.headPercentile`, spec.headPercentile, `must not exceed tailPercentile (${spec.tailPercentile})`);
    }
    if (spec.binWidth > spec.range) throw new PolicySpecError(`${path}.binWidth`, spec.binWidth, `must not exceed range (${spec.range})`);
    // The histogram is an array of range / binWidth counts, allocated per function.
    if (spec.range / spec.binWidth > MAX_BINS) {
      throw new PolicySpecError(`${path}.binWidth`, spec.binWidth, `gives ${Math.ceil(spec.range / spec.binWidth)} bins over range ${spec.range}; at most ${MAX_BINS.toLocaleString('en')}`);
    }
    return spec;
  },
  create: (spec) => new HybridHistogram(spec),
};
