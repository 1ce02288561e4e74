/** Samples that cannot be fitted: names the sample index and value. */
export class FitInputError extends Error {
  constructor(
    readonly index: number | undefined,
    readonly value: unknown,
    problem: string,
  ) {
    super(index === undefined ? `fitSamples: ${problem}` : `fitSamples: samples[${index}] ${problem}, got ${String(value)}`);
    this.name = 'FitInputError';
  }
}
