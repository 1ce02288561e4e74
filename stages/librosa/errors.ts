/** Root of the librosa stage's errors, so callers can catch the stage's failures as one. */
export class LibrosaStageError extends Error {
  override name = 'LibrosaStageError';
}

/** The input is not a wav this stage can read; `reason` says which part is wrong. */
export class WavFormatError extends LibrosaStageError {
  override name = 'WavFormatError';
  constructor(
    readonly source: string,
    readonly reason: string,
  ) {
    super(`${source}: not a readable PCM16 wav: ${reason}`);
  }
}

/** An option is out of range; carries the option's name and the bad value. */
export class SpeechOptionsError extends LibrosaStageError {
  override name = 'SpeechOptionsError';
  constructor(
    readonly option: string,
    readonly value: unknown,
    expected: string,
  ) {
    super(`findSpeechSegments: ${option} must be ${expected}, got ${JSON.stringify(value)}`);
  }
}

/** The Silero model file is missing or onnxruntime could not load or run it. */
export class VadModelError extends LibrosaStageError {
  override name = 'VadModelError';
}
