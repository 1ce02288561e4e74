// What bench:live and bench:stages read before they start a platform: their flags (`--wide`,
// `--help`, nothing positional) and the BENCH_* counts from the environment.
import { parseCommandLine } from '../../sim/process/command-line.ts';
import { UsageError } from '../../sim/process/run-main.ts';
import { colourOn } from '../../sim/terminal/colour.ts';
import { fitText } from '../../sim/terminal/table.ts';

export interface BenchShown {
  wide: boolean;
  colour: boolean;
}

/** The tables' options, or null after printing the usage for `--help`. */
export function benchOptions(argv: string[], usage: string): BenchShown | null {
  const { values, positionals } = parseCommandLine(argv, { wide: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } });
  if (values.help) {
    console.log(fitText(usage));
    return null;
  }
  if (positionals.length > 0) throw new UsageError(`options only, got '${positionals[0]}'`);
  return { wide: values.wide, colour: colourOn() };
}

/** A count from the environment (e.g. BENCH_RUNS): a whole number ≥ 1, or the fallback when unset. */
export function envCount(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new UsageError(`${name}=${JSON.stringify(raw)} is invalid: expected an integer >= 1`);
  return Number(raw);
}
