/** Root of the deepspeech stage's errors. */
export class TranscribeError extends Error {
  override name = 'TranscribeError';
}

/** The input is missing or not 16 kHz mono PCM16 wav, which the recogniser needs. */
export class AudioInputError extends TranscribeError {
  override name = 'AudioInputError';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
  }
}

/** The recogniser binary or its en-us model is not installed. */
export class RecogniserMissingError extends TranscribeError {
  override name = 'RecogniserMissingError';
}

/** The recogniser exited non-zero or died from a signal; carries the tail of its log. */
export class RecogniserCrashError extends TranscribeError {
  override name = 'RecogniserCrashError';
  constructor(
    readonly exitCode: number | null,
    readonly signal: string | null,
    readonly logTail: string,
  ) {
    super(`pocketsphinx failed (${signal ? `signal ${signal}` : `exit code ${exitCode}`}): ${logTail || 'no output'}`);
  }
}

/** The recogniser ran past the timeout and was killed. */
export class RecogniserTimeoutError extends TranscribeError {
  override name = 'RecogniserTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`pocketsphinx did not finish within ${timeoutMs} ms and was killed`);
  }
}
