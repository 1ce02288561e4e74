// Named random streams for common random numbers: every purpose (arrivals, warm times of
// one stage, ...) draws from its own generator, so adding a stream for a new purpose never
// shifts the draws another purpose sees. Two runs with the same seed agree per name.
// seedrandom's alea alone (seedrandom-alea.d.ts): the same function as `seedrandom.alea`.
import alea from 'seedrandom/lib/alea.js';
import type { Uniform } from '../dist/spec.ts';

export interface Streams {
  /** The seed these streams were created from. */
  readonly seed: number | string;
  /**
   * The stream for `name`: a fresh alea generator seeded from (seed, name). Asking twice
   * for the same name gives two generators that replay the same sequence; keep the one
   * you got if you want to continue it.
   */
  stream(name: string): Uniform;
}

export class StreamSeedError extends Error {
  constructor(readonly value: unknown) {
    super(`createStreams: seed must be a finite number or a string, got ${JSON.stringify(value) ?? String(value)}`);
    this.name = 'StreamSeedError';
  }
}

/**
 * Creates the streams of one simulation. Alea is chosen for speed (it is on the hot path);
 * its plain call has 32-bit resolution, which bounds tails at about 2^-32 — far below what
 * a simulation of millions of calls can observe. The seed is used in its string form, so
 * 42 and '42' name the same streams.
 */
export function createStreams(seed: number | string): Streams {
  if (typeof seed === 'number' ? !Number.isFinite(seed) : typeof seed !== 'string') {
    throw new StreamSeedError(seed);
  }
  // The NUL separator keeps (seed '1', name '2x') apart from (seed '12', name 'x').
  const prefix = `${String(seed)}\u0000`;
  return {
    seed,
    stream(name: string): Uniform {
      const prng = alea(prefix + name);
      return () => prng();
    },
  };
}
