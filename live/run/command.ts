// `./fave live run <scenario.json>`: parses the command line, runs the scenario live
// (each variant with --all-variants, each of them --repeat times, in turns: repeat.ts),
// prints the simulator's summary. Exit codes: 0 done, 2 bad input (scenario, profile, flags,
// files), 3 bad platform configuration (env), 130 stopped (Ctrl-C, SIGTERM, SIGHUP, launcher gone), 1 anything else.
import path from 'node:path';
import { EXIT, FaveError, UsageError } from '../../sim/process/errors.ts';
import { intFlag, parseCommandLine } from '../../sim/process/command-line.ts';
import { formatAsync } from '../../sim/run/format-async.ts';
import { formatSummary } from '../../sim/run/format-summary.ts';
import { fitText } from '../../sim/terminal/table.ts';
import { ensureFixtures } from '../../stages/fixtures/generate.ts';
import type { Env } from '../openfaas/env.ts';
import { asSimResult, checkScenario, runLive, type LiveRunReport, variantNamesOf } from './run-live.ts';
import { MAX_REPEAT, type PlannedRun, runDirListing, runLabel, runOrder } from './repeat.ts';

export const RUN_USAGE =
  'usage: ./fave live run <scenario.json> [--video file|s3://bucket/key] [--body request.json] [--stack stack.yml] [--variant name | --all-variants] [--repeat N] [--seed N] [--out runs] [--no-autoscale] [--grace 10] [--quiet] [--wide]';

export interface CommandIo {
  env: Env;
  root: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Ctrl-C once: stop arrivals, let in-flight requests finish (grace). */
  signal: AbortSignal;
  tty: boolean;
}

/** The runs' live results as one comparison, in the simulator's table: a row per run, named
 * by its variant and, when repeated, its repeat. */
function sideBySide(runs: (PlannedRun & { report: LiveRunReport })[], repeats: number) {
  const first = asSimResult(runs[0]!.report.result);
  const variants = runs.flatMap(({ variant, repeat, report }) =>
    asSimResult(report.result).variants.map((v) => ({ ...v, name: [variant ?? (repeats > 1 ? '' : v.name), repeats > 1 ? `#${repeat}` : ''].filter(Boolean).join(' ') })));
  // A variant's run is named `<scenario>-<variant>` (run-live.ts checkScenario).
  const variant = runs[0]!.variant;
  const scenarioName = variant === undefined ? first.scenario.name : first.scenario.name.slice(0, first.scenario.name.length - variant.length - 1);
  const what = [variant !== undefined ? 'every variant' : '', repeats > 1 ? `${repeats} repeats` : ''].filter(Boolean).join(', ');
  return { ...first, scenario: { ...first.scenario, name: `${scenarioName}, ${what} live` }, variants };
}

/** Where the run's requests left their artifacts, and how to search or remove them. */
export function artifactsLine(a: LiveRunReport['artifacts'], root: string): string {
  const where = a.bucket === null ? `${a.prefix}* in the functions' S3 bucket` : `s3://${a.bucket}/${a.prefix}*`;
  if (a.store === null) return `artifacts in ${where}`;
  if (!/^https?:\/\//.test(a.store)) {
    return `artifacts in ${where} (embedded S3 data in ${path.relative(root, a.store) || a.store}; search them: ./fave live up, then ./fave search "<phrase>"; remove: ./fave live clean)`;
  }
  return `artifacts in ${where} on ${a.store}`;
}

export async function runCommand(args: string[], io: CommandIo): Promise<number> {
  // Runs finished so far: listed however the command ends, so none is lost to a later failure.
  const finished: (PlannedRun & { report: LiveRunReport })[] = [];
  let variants: (string | undefined)[] = [];
  let planned = 1;
  const listFinished = (stopped?: { dir: string }) => {
    if (planned > 1 && (finished.length > 0 || stopped)) io.stdout(runDirListing(finished.map((r) => ({ variant: r.variant, dir: r.report.dir })), variants, io.root, stopped));
  };
  try {
    const { values, positionals } = parseCommandLine(args, {
      video: { type: 'string' }, variant: { type: 'string' }, 'all-variants': { type: 'boolean', default: false }, body: { type: 'string' }, stack: { type: 'string' },
      seed: { type: 'string' }, out: { type: 'string' }, 'no-autoscale': { type: 'boolean', default: false }, grace: { type: 'string' },
      quiet: { type: 'boolean', default: false }, repeat: { type: 'string' }, wide: { type: 'boolean', default: false },
    });
    const wide = values.wide;
    if (positionals.length !== 1) throw new UsageError(positionals.length ? `one scenario file, got ${positionals.length}` : 'no scenario file given');
    const scenarioPath = positionals[0]!;
    const noAutoscale = values['no-autoscale']!;
    if (values['all-variants'] && values.variant !== undefined) throw new UsageError('--variant and --all-variants: give one');
    const repeats = intFlag(values.repeat, 'repeat', 1, MAX_REPEAT) ?? 1;
    const seed = intFlag(values.seed, 'seed', 0, 4294967295);
    const graceSeconds = intFlag(values.grace, 'grace', 0);
    variants = values['all-variants'] ? variantNamesOf(scenarioPath) : [values.variant];
    const order = runOrder(variants, repeats);
    planned = order.length;
    // Every variant is checked before the first run: a bad one should not cost the others' time.
    if (order.length > 1) for (const v of variants) await checkScenario(scenarioPath, io.root, !io.env.OPENFAAS_URL, noAutoscale, v);
    for (const [i, run] of order.entries()) {
      // Ctrl-C between two runs: the next one does not start.
      if (io.signal.aborted) {
        io.stderr(`live run: stopped; ${notRun(order.slice(i), repeats)}\n`);
        listFinished();
        return 130;
      }
      // Each run has its own platform, configured as its variant says, and its own directory.
      if (order.length > 1) io.stderr(`${runLabel(run, repeats, variants, i, order.length)}\n`);
      const report = await runLive({
        scenarioPath,
        outDir: values.out ? path.resolve(values.out) : undefined,
        root: io.root,
        env: io.env,
        video: values.video,
        body: values.body,
        stackFile: values.stack ? path.resolve(values.stack) : undefined,
        variant: run.variant,
        seed,
        noAutoscale,
        graceSeconds,
        signal: io.signal,
        defaultVideo: async () => (await ensureFixtures()).speech,
        log: (line) => io.stderr(`${line}\n`),
        progress: values.quiet ? undefined : { write: io.stderr, tty: io.tty },
      });
      if (!values.quiet) io.stdout(`${formatSummary(asSimResult(report.result), { wide })}\n`);
      // An asynchronous run's queue wait, time to callback and duplicates, as `./fave sim` prints them.
      const asyncTable = values.quiet ? null : formatAsync(asSimResult(report.result), { wide });
      if (asyncTable) io.stdout(`${asyncTable}\n`);
      io.stdout(`run written to ${path.relative(io.root, report.dir) || report.dir}${report.stopped ? ' (stopped: what was recorded is kept)' : ''}\n`);
      io.stdout(`${fitText(artifactsLine(report.artifacts, io.root))}\n`);
      if (report.schemaProblem) {
        io.stderr(`live run: result.json breaks schemas/result.schema.json: ${report.schemaProblem}\n`);
        listFinished();
        return 1;
      }
      if (report.stopped) {
        if (i + 1 < order.length) io.stderr(`live run: stopped; ${notRun(order.slice(i + 1), repeats)}\n`);
        listFinished({ dir: report.dir });
        return 130;
      }
      finished.push({ ...run, report });
    }
    if (finished.length > 1 && !values.quiet) io.stdout(`${formatSummary(sideBySide(finished, repeats), { wide })}\n`);
    listFinished();
    return 0;
  } catch (error) {
    const e = error as Error & { code?: string };
    listFinished();
    if (io.signal.aborted) {
      io.stderr(`live run: stopped before the first request (${e.message}); nothing to record\n`);
      return 130;
    }
    // Bad input reads `error: …` (with the usage line for a bad command line); a platform or
    // run that failed reads `live run: …`. The exit code is the error's own (sim/process/errors.ts).
    if (error instanceof FaveError && error.exitCode === EXIT.input) {
      io.stderr(`error: ${e.message}\n${error instanceof UsageError ? `${RUN_USAGE}\n` : ''}`);
      return EXIT.input;
    }
    io.stderr(`live run: ${e.message}\n`);
    return error instanceof FaveError ? error.exitCode : EXIT.failed;
  }
}

/** The runs a stop left out: `variants not run: b, c` or `not run: repeat 2/3 (a), 2/3 (b), …`. */
function notRun(left: readonly PlannedRun[], repeats: number): string {
  if (repeats === 1) return `variants not run: ${left.map((r) => r.variant).join(', ')}`;
  return `not run: repeat ${left.map((r) => `${r.repeat}/${repeats}${r.variant !== undefined ? ` (${r.variant})` : ''}`).join(', ')}`;
}
