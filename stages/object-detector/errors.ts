/** Root of the object-detector stage's errors. */
export class DetectorError extends Error {
  override name = 'DetectorError';
}

/** The image is missing, undecodable, or its pixel buffer does not match its size. */
export class ImageInputError extends DetectorError {
  override name = 'ImageInputError';
  constructor(
    readonly source: string,
    readonly reason: string,
  ) {
    super(`${source}: ${reason}`);
  }
}

/** An option is out of range; carries its name and the bad value. */
export class DetectorOptionsError extends DetectorError {
  override name = 'DetectorOptionsError';
  constructor(
    readonly option: string,
    readonly value: unknown,
    expected: string,
  ) {
    super(`detectObjects: ${option} must be ${expected}, got ${JSON.stringify(value)}`);
  }
}

/** The ONNX model file is missing or onnxruntime could not load or run it. */
export class DetectorModelError extends DetectorError {
  override name = 'DetectorModelError';
}
