// Reading a command line, the same way for every FAVE command: node:util's parseArgs (strict:
// an unknown flag is an error), with "did you mean" for a near miss, and integer flags checked
// against their bounds. Errors are UsageErrors, so the command prints its usage line too.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { didYouMean } from '../input/did-you-mean.ts';
import { quoted } from '../input/excerpt.ts';
import { UsageError } from './errors.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs with positionals allowed, and an unknown or malformed flag told as a UsageError. */
export function parseCommandLine<O extends Options>(args: readonly string[], options: O) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const flag = /'(-{1,2}[^']+)'/.exec((e as Error).message)?.[1] ?? '';
      const near = didYouMean(flag.replace(/^-+/, '').replace(/=.*$/, ''), Object.keys(options));
      throw new UsageError(`unknown option ${flag ? quoted(flag) : ''}${near ? ` (did you mean --${near}?)` : ''}`.trim());
    }
    if (code?.startsWith('ERR_PARSE_ARGS')) throw new UsageError((e as Error).message);
    throw e;
  }
}

/** An integer flag within [min, max], or undefined when not given. */
export function intFlag(raw: string | undefined, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  if (raw === undefined) return undefined;
  const n = /^-?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be an integer ≥ ${min}${max < Number.MAX_SAFE_INTEGER ? ` and ≤ ${max}` : ''} (got ${quoted(raw)})`);
  }
  return n;
}

/**
 * The options of a command line in the order given, as {name, value}: for options that pair
 * up by position (calibrate's `--function NAME --body FILE`), which parseArgs' values lose.
 * Call it after parseCommandLine accepted the same arguments.
 */
export function optionsInOrder<O extends Options>(args: readonly string[], options: O): { name: string; value: string | undefined }[] {
  const { tokens } = parseArgs({ args: [...args], options, allowPositionals: true, strict: true, tokens: true });
  return tokens.flatMap((t) => (t.kind === 'option' ? [{ name: t.name, value: t.value }] : []));
}

/** A --profile value: a path, resolved later against the working directory; never empty. */
export function profileFlag(raw: string): string {
  if (raw.trim() === '') throw new UsageError('--profile needs a file (a calibration profile, e.g. profiles/default.json)');
  return raw;
}
