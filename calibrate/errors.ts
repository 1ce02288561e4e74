// The calibrate and validate error root. Every error a user can fix (a bad option, a file
// that does not parse, a gateway that cannot be reached or refuses the credentials) is an
// InputError: the CLIs print its message, which names what and where, and exit 2.
export class CalibrateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input: options, files, or a target that cannot be used. Exit code 2. */
export class InputError extends CalibrateError {}

/** The gateway cannot be reached or refuses the credentials (an InputError: exit 2). */
export class TargetError extends InputError {}
