import { preview } from '../input/excerpt.ts';
import { FaveError } from '../process/errors.ts';

/** A distribution spec that cannot be built: names the JSON path and the bad value. */
export class DistributionSpecError extends FaveError {
  constructor(
    readonly path: string,
    readonly value: unknown,
    readonly problem: string,
  ) {
    super(`${path}: ${problem}, got ${show(value)}`);
    this.name = 'DistributionSpecError';
  }
}

function show(value: unknown): string {
  return value === undefined ? 'nothing (missing)' : preview(value, 80);
}
