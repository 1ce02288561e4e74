// The one error root for everything in live/: callers can tell our failures from Node's
// by `instanceof LiveError`, and each subclass carries the data needed to act on it.
import { EXIT, type ExitCode, FaveError } from '../../sim/process/errors.ts';

export class LiveError extends FaveError {
  /** A live run or platform that failed, unless a subclass names the input or the configuration. */
  override readonly exitCode: ExitCode = EXIT.failed;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A bad configuration value: names the variable and shows the value. */
export class ConfigError extends LiveError {
  override readonly exitCode = EXIT.platform;
  constructor(
    readonly variable: string,
    readonly value: string,
    reason: string,
  ) {
    super(`${variable}=${JSON.stringify(value)}: ${reason}`);
  }
}

/** A stack.yml problem: names the function (if any) and the field. */
export class StackError extends LiveError {
  override readonly exitCode = EXIT.input;
  constructor(
    readonly file: string,
    readonly field: string,
    reason: string,
  ) {
    super(`${file}: ${field}: ${reason}`);
  }
}

/** A request the platform refuses; `status` is the HTTP code OpenFaaS answers with. */
export class RequestError extends LiveError {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
