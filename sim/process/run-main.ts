// How FAVE's command lines end: `main` resolves with the exit code. A FaveError (errors.ts)
// prints its message and exits with its own code, a UsageError adding the usage line; anything
// else is a bug and keeps its stack, exit 1.
import { EXIT, FaveError, UsageError } from './errors.ts';
import { fitText } from '../terminal/table.ts';

export { UsageError } from './errors.ts';

export interface MainOptions {
  /** Printed after the message of a UsageError. */
  usage: string;
  /** What the message starts with: the command's name (`calibrate: …`), or `error`. */
  prefix?: string;
}

/** The message a command prints for `e`, and the code it exits with. */
export function reportOf(e: unknown, o: MainOptions): { message: string; code: number } {
  const prefix = o.prefix ?? 'error';
  // The usage line wrapped at 100 columns, as the rest of the output (sim/terminal/table.ts).
  const usage = fitText(o.usage);
  if (e instanceof FaveError) return { message: `${prefix}: ${e.message}${e instanceof UsageError ? `\n${usage}` : ''}`, code: e.exitCode };
  if ((e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) return { message: `${prefix}: ${(e as Error).message}\n${usage}`, code: EXIT.input };
  return { message: `${prefix}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`, code: EXIT.failed };
}

export function runMain(main: () => Promise<number>, o: MainOptions): void {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      const { message, code } = reportOf(e, o);
      console.error(message);
      process.exit(code);
    },
  );
}
