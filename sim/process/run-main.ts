// How FAVE's command lines end: `main` resolves with the exit code; an input error (a class
// the command names: bad scenario, profile, study…) prints its message and exits 2, a usage
// error (UsageError, or node:util parseArgs' own) also prints the usage line; anything else
// is a bug and keeps its stack, exit 1.

/** Wrong arguments: exit 2 with the message and the usage line. */
export class UsageError extends Error {}

type ErrorClass = abstract new (...args: never[]) => Error;

export function runMain(main: () => Promise<number>, o: { usage: string; inputErrors: readonly ErrorClass[] }): void {
  main().then(
    (code) => process.exit(code),
    (e: unknown) => {
      if (o.inputErrors.some((k) => e instanceof k)) {
        console.error(`error: ${(e as Error).message}`);
        process.exit(2);
      }
      if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
        console.error(`error: ${(e as Error).message}\n${o.usage}`);
        process.exit(2);
      }
      console.error(e);
      process.exit(1);
    },
  );
}
