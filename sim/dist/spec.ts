// Distribution specs: plain JSON, as they appear in scenarios and calibration profiles.
// Times are in seconds unless a field says otherwise.

export type DistSpec =
  | { type: 'constant'; value: number }
  | { type: 'exponential'; mean: number }
  | { type: 'lognormal'; mu: number; sigma: number }
  | { type: 'gamma'; shape: number; scale: number }
  | { type: 'weibull'; shape: number; scale: number }
  | { type: 'empirical'; samples: number[] }
  | { type: 'shifted'; shift: number; base: DistSpec }
  | { type: 'mixture'; components: { weight: number; dist: DistSpec }[] };

/** A uniform [0, 1) source. Streams are forked by name (see sim/random), never shared. */
export type Uniform = () => number;

/**
 * A built distribution. `sample` is on the simulator's hot path: it must not allocate.
 * `cdf` is present where a closed form (or a cheap numeric one) exists.
 */
export interface Distribution {
  readonly spec: DistSpec;
  sample(u: Uniform): number;
  /** Fills `out` with draws, the same as calling sample(u) out.length times (the hot
   * families have it; see sampler.ts for why). */
  fill?(out: Float64Array, u: Uniform): void;
  mean(): number;
  quantile(p: number): number;
  cdf?(x: number): number;
}
