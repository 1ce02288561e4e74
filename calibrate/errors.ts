// The calibrate and validate errors, under the project's one root (sim/process/errors.ts).
// Every error a user can fix (a bad option, a file that does not parse, a gateway that
// cannot be reached or refuses the credentials) is an InputError: the CLIs print its
// message, which names what and where, and exit 2. A CalibrateError otherwise (a stage that
// answered with an error while being measured) ends the command with 1.
import { EXIT, type ExitCode, FaveError } from '../sim/process/errors.ts';

export class CalibrateError extends FaveError {
  override readonly exitCode: ExitCode = EXIT.failed;
}

/** Bad input: options, files, or a target that cannot be used. Exit code 2. */
export class InputError extends CalibrateError {
  override readonly exitCode: ExitCode = EXIT.input;
}

/** The gateway cannot be reached or refuses the credentials (an InputError: exit 2). */
export class TargetError extends InputError {}
