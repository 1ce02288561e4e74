// Draws of one distribution from one stream, made a block at a time. The simulator takes
// tens of millions of draws in a large run, each behind a call site that sees every family
// (warm times of lognormal, gamma and weibull stages): V8 cannot inline such a call, and a
// double returned from a call it did not inline is a fresh heap object. A Sampler is one
// class, so `next()` inlines at every site; the block is filled by the family's own loop
// (`fill`), where the uniform source inlines too. The stream must be this sampler's alone:
// the draws it holds in reserve would otherwise be missed by another user of the stream.
import type { Distribution, Uniform } from './spec.ts';

const BLOCK = 256;

export class Sampler {
  private readonly block = new Float64Array(BLOCK);
  private i = BLOCK;

  constructor(
    readonly dist: Distribution,
    private readonly u: Uniform,
  ) {}

  /** The next draw: the same sequence as calling dist.sample(u) again and again. */
  next(): number {
    if (this.i === BLOCK) this.refill();
    return this.block[this.i++]!;
  }

  private refill(): void {
    const d = this.dist;
    if (d.fill) d.fill(this.block, this.u);
    else for (let k = 0; k < BLOCK; k++) this.block[k] = d.sample(this.u);
    this.i = 0;
  }
}
