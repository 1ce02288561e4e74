// The one root of the errors a command reports to its user, each with the exit code it ends
// the command with. A FaveError is something the user can act on (a bad file or flag, a
// platform misconfigured, a stop they asked for); anything else that reaches a command's
// top is a bug, reported with its stack, exit 1. Errors that become HTTP answers inside a
// function (stages/runtime's StageRuntimeError tree) are a different contract and stay apart.

export const EXIT = {
  done: 0,
  /** Something failed that is not the input's fault (a run that broke, a remote that failed). */
  failed: 1,
  /** Bad input: arguments, a file, a scenario, a profile, a workflow, a run directory. */
  input: 2,
  /** A platform misconfigured (live/: an environment variable, OPENFAAS_URL's answers). */
  platform: 3,
  /** Stopped on request (Ctrl-C, SIGTERM, SIGHUP, the launcher gone). */
  stopped: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class FaveError extends Error {
  /** Bad input unless a subclass says otherwise. */
  readonly exitCode: ExitCode = EXIT.input;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Wrong arguments: the command prints the message and its usage line, exit 2. */
export class UsageError extends FaveError {}

/** Something that failed on the way and is not the input's fault (a port in use, a disk
 * full): the message alone is printed, without a stack, exit 1. */
export class RunError extends FaveError {
  override readonly exitCode: ExitCode = EXIT.failed;
}
