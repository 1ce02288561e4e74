// `npm run live -- run <scenario.json>`: parses the command line, runs the scenario live,
// prints the simulator's summary. Exit codes: 0 done, 2 bad input (scenario, profile, flags,
// files), 3 bad platform configuration (env), 130 stopped (Ctrl-C, SIGTERM, SIGHUP, launcher gone), 1 anything else.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ProfileError } from '../../sim/profile/load.ts';
import { formatSummary } from '../../sim/run/format-summary.ts';
import { ConfigError as ScenarioError } from '../../sim/scenario/errors.ts';
import { ensureFixtures } from '../../stages/fixtures/generate.ts';
import type { Env } from '../openfaas/env.ts';
import { ConfigError } from '../openfaas/errors.ts';
import { RegimeError } from './regime.ts';
import { asSimResult, checkScenario, runLive, type LiveRunReport, variantNamesOf } from './run-live.ts';
import { UsageError } from './usage-error.ts';

export const RUN_USAGE =
  'usage: npm run live -- run <scenario.json> [--video file|s3://bucket/key] [--body request.json] [--variant name | --all-variants] [--seed N] [--out runs] [--no-autoscale] [--grace 10] [--quiet]';

function intOption(value: string | undefined, name: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer ≥ ${min} (got '${value}')`);
  return n;
}

export interface CommandIo {
  env: Env;
  root: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Ctrl-C once: stop arrivals, let in-flight requests finish (grace). */
  signal: AbortSignal;
  tty: boolean;
}

/** The variants' live results as one comparison, in the simulator's table. */
function sideBySide(runs: { variant: string | undefined; report: LiveRunReport }[]) {
  const first = asSimResult(runs[0]!.report.result);
  const variants = runs.flatMap(({ variant, report }) => asSimResult(report.result).variants.map((v) => ({ ...v, name: variant ?? v.name })));
  // Each run is named `<scenario>-<variant>` (run-live.ts checkScenario).
  const scenarioName = first.scenario.name.slice(0, first.scenario.name.length - (runs[0]!.variant ?? '').length - 1);
  return { ...first, scenario: { ...first.scenario, name: `${scenarioName}, every variant live` }, variants };
}

/** Where the run's requests left their artifacts, and how to search or remove them. */
export function artifactsLine(a: LiveRunReport['artifacts'], root: string): string {
  const where = a.bucket === null ? `${a.prefix}* in the functions' S3 bucket` : `s3://${a.bucket}/${a.prefix}*`;
  if (a.store === null) return `artifacts in ${where}`;
  if (!/^https?:\/\//.test(a.store)) {
    return `artifacts in ${where} (embedded S3 data in ${path.relative(root, a.store) || a.store}; search them: npm run live -- up, then npm run search -- "<phrase>"; remove: npm run live -- clean)`;
  }
  return `artifacts in ${where} on ${a.store}`;
}

export async function runCommand(args: string[], io: CommandIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        video: { type: 'string' }, variant: { type: 'string' }, 'all-variants': { type: 'boolean', default: false }, body: { type: 'string' },
        seed: { type: 'string' }, out: { type: 'string' }, 'no-autoscale': { type: 'boolean', default: false }, grace: { type: 'string' },
        quiet: { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) throw new UsageError(positionals.length ? `one scenario file, got ${positionals.length}` : 'no scenario file given');
    const scenarioPath = positionals[0]!;
    const noAutoscale = values['no-autoscale']!;
    if (values['all-variants'] && values.variant !== undefined) throw new UsageError('--variant and --all-variants: give one');
    const variants: (string | undefined)[] = values['all-variants'] ? variantNamesOf(scenarioPath) : [values.variant];
    // Every variant is checked before the first one runs: a bad one should not cost the others' time.
    if (variants.length > 1) for (const v of variants) await checkScenario(scenarioPath, io.root, !io.env.OPENFAAS_URL, noAutoscale, v);
    const runs: { variant: string | undefined; report: LiveRunReport }[] = [];
    for (const [i, variant] of variants.entries()) {
      // Each variant is its own run: its own platform, configured as the variant says.
      if (variants.length > 1) io.stderr(`variant ${i + 1}/${variants.length}: ${variant}\n`);
      const report = await runLive({
        scenarioPath,
        outDir: values.out ? path.resolve(values.out) : undefined,
        root: io.root,
        env: io.env,
        video: values.video,
        body: values.body,
        variant,
        seed: intOption(values.seed, 'seed', 0),
        noAutoscale,
        graceSeconds: intOption(values.grace, 'grace', 0),
        signal: io.signal,
        defaultVideo: async () => (await ensureFixtures()).speech,
        log: (line) => io.stderr(`${line}\n`),
        progress: values.quiet ? undefined : { write: io.stderr, tty: io.tty },
      });
      runs.push({ variant, report });
      if (!values.quiet) io.stdout(`${formatSummary(asSimResult(report.result))}\n`);
      io.stdout(`run written to ${path.relative(io.root, report.dir) || report.dir}${report.stopped ? ' (stopped: what was recorded is kept)' : ''}\n`);
      io.stdout(`${artifactsLine(report.artifacts, io.root)}\n`);
      if (report.schemaProblem) {
        io.stderr(`live run: result.json breaks schemas/result.schema.json: ${report.schemaProblem}\n`);
        return 1;
      }
      if (report.stopped) {
        if (i + 1 < variants.length) io.stderr(`live run: stopped; variants not run: ${variants.slice(i + 1).join(', ')}\n`);
        return 130;
      }
    }
    if (runs.length > 1 && !values.quiet) io.stdout(`${formatSummary(sideBySide(runs))}\n`);
    return 0;
  } catch (error) {
    const e = error as Error & { code?: string };
    if (io.signal.aborted) {
      io.stderr(`live run: stopped before the first request (${e.message}); nothing to record\n`);
      return 130;
    }
    if (error instanceof ScenarioError || error instanceof ProfileError) {
      io.stderr(`error: ${e.message}\n`);
      return 2;
    }
    if (error instanceof UsageError || e.code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr(`error: ${e.message}\n${RUN_USAGE}\n`);
      return 2;
    }
    if (error instanceof RegimeError && e.message.startsWith('$.regime')) {
      io.stderr(`error: ${e.message}\n`);
      return 2;
    }
    io.stderr(`live run: ${e.message}\n`);
    return error instanceof ConfigError ? 3 : 1;
  }
}
