// `npm run live -- run <scenario.json>`: parses the command line, runs the scenario live,
// prints the simulator's summary. Exit codes: 0 done, 2 bad input (scenario, profile, flags,
// files), 3 bad platform configuration (env), 130 stopped by Ctrl-C, 1 anything else.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ProfileError } from '../../sim/profile/load.ts';
import { formatSummary } from '../../sim/run/format-summary.ts';
import { ConfigError as ScenarioError } from '../../sim/scenario/errors.ts';
import { ensureFixtures } from '../../stages/fixtures/generate.ts';
import type { Env } from '../openfaas/env.ts';
import { ConfigError } from '../openfaas/errors.ts';
import { RegimeError } from './regime.ts';
import { asSimResult, runLive } from './run-live.ts';
import { UsageError } from './usage-error.ts';

export const RUN_USAGE =
  'usage: npm run live -- run <scenario.json> [--video file|s3://bucket/key] [--body request.json] [--variant name] [--seed N] [--out runs] [--no-autoscale] [--grace 10] [--quiet]';

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

export async function runCommand(args: string[], io: CommandIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        video: { type: 'string' }, variant: { type: 'string' }, body: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' },
        'no-autoscale': { type: 'boolean', default: false }, grace: { type: 'string' }, quiet: { type: 'boolean', default: false },
      },
    });
    if (positionals.length !== 1) throw new UsageError(positionals.length ? `one scenario file, got ${positionals.length}` : 'no scenario file given');
    const report = await runLive({
      scenarioPath: positionals[0]!,
      outDir: values.out ? path.resolve(values.out) : undefined,
      root: io.root,
      env: io.env,
      video: values.video,
      body: values.body,
      variant: values.variant,
      seed: intOption(values.seed, 'seed', 0),
      noAutoscale: values['no-autoscale'],
      graceSeconds: intOption(values.grace, 'grace', 0),
      signal: io.signal,
      defaultVideo: async () => (await ensureFixtures()).speech,
      log: (line) => io.stderr(`${line}\n`),
      progress: values.quiet ? undefined : { write: io.stderr, tty: io.tty },
    });
    if (!values.quiet) io.stdout(`${formatSummary(asSimResult(report.result))}\n`);
    io.stdout(`run written to ${path.relative(io.root, report.dir) || report.dir}${report.stopped ? ' (stopped by Ctrl-C: what was recorded is kept)' : ''}\n`);
    if (report.schemaProblem) {
      io.stderr(`live run: result.json breaks schemas/result.schema.json: ${report.schemaProblem}\n`);
      return 1;
    }
    return report.stopped ? 130 : 0;
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
