// `./fave sweep <sweep.json> [--profile p.json] [--workers N] [--out file.json] [--quiet] [--max-events N] [remote options]`
// Runs every point of a sweep on worker threads — or, with --gateway (or OPENFAAS_URL), as
// async calls of the sim-runner function on OpenFaaS (sim/sweep/remote/, which only this
// entry imports: sim/ stays pure apart from its CLI) — on the base scenario's profile or
// --profile's (resolved against the working directory) — prints the points table with the
// Pareto front marked and writes the sweep result JSON (default results/sweeps/<name>.json).
// A sweep estimated past --max-events (default DEFAULT_MAX_EVENTS, all points and seeds
// together) is refused before it starts.
// Exit codes: 0 done, 2 bad input (sweep, scenario, profile, arguments, too much work, an --out
// that cannot be written), 130 interrupted,
// 1 anything else (remote shards that failed for good included).
import { checkOutput, writeResult } from '../run/output-path.ts';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatSweepTable } from './format-table.ts';
import { loadSweepFile } from './load.ts';
import { SweepAbortedError } from './pool.ts';
import { REMOTE_OPTIONS, REMOTE_USAGE, formatShardEvent, remoteOptionsOf } from './remote/remote-args.ts';
import { remotePool, SweepShardsError } from './remote/remote-pool.ts';
import { runSweep } from './run-sweep.ts';
import { DEFAULT_MAX_EVENTS } from '../run/work-budget.ts';
import { progressReporter } from '../run/progress-reporter.ts';
import { EXIT } from '../process/errors.ts';
import { intFlag, parseCommandLine, profileFlag } from '../process/command-line.ts';
import { runMain, UsageError } from '../process/run-main.ts';
import { fitText } from '../terminal/table.ts';

const USAGE = `usage: ./fave sweep <sweep.json> [--profile p.json] [--workers N] [--out result.json] [--quiet] [--wide] [--max-events N (default ${DEFAULT_MAX_EVENTS})] ${REMOTE_USAGE}`;
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Worker threads a local sweep may start: each is a V8 isolate with its own heap. */
const MAX_WORKERS = 1024;

// Set once a remote run starts: Ctrl-C then leaves work behind on the gateway, and says so.
let remoteGateway: string | null = null;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, {
    profile: { type: 'string' },
    workers: { type: 'string' },
    out: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    wide: { type: 'boolean', default: false },
    'max-events': { type: 'string' },
    help: { type: 'boolean', default: false },
    ...REMOTE_OPTIONS,
  });
  if (values.help) {
    console.log(fitText(USAGE));
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `one sweep file, got ${positionals.length}` : 'no sweep file given');
  const path = positionals[0]!;
  const workers = intFlag(values.workers, 'workers', 1, MAX_WORKERS);
  const maxEvents = intFlag(values['max-events'], 'max-events', 1) ?? DEFAULT_MAX_EVENTS;
  const remote = remoteOptionsOf(values, process.env);
  if (remote && workers !== undefined) throw new UsageError(`--workers is for local runs; this run goes to ${remote.gatewayUrl} (${remote.via}; --local to run here)`);
  const loaded = loadSweepFile(path);
  const out = values.out ?? join('results', 'sweeps', `${loaded.sweep.name}.json`);
  checkOutput(out);
  remoteGateway = remote?.gatewayUrl ?? null;

  const started = Date.now();
  const progress = values.quiet || remote ? null : progressReporter({ verb: 'sweeping', unit: 'runs' });
  // Ctrl-C: stop the workers, write nothing, exit 130. A second Ctrl-C kills at once.
  const abort = new AbortController();
  process.once('SIGINT', () => {
    abort.abort();
    process.once('SIGINT', () => process.exit(130));
  });
  const result = await runSweep(loaded, path, {
    defaultProfile: join(root, 'profiles', 'default.json'),
    ...(values.profile !== undefined ? { profile: profileFlag(values.profile) } : {}),
    workers,
    maxEvents,
    signal: abort.signal,
    ...(remote ? { pool: remotePool({ ...remote, onEvent: (e) => {
      const line = formatShardEvent(e);
      if (line && (!values.quiet || e.kind === 'failed')) process.stderr.write(`${line}\n`);
    } }) } : {}),
    // Remote runs report each shard on stderr instead (remote-args.ts).
    onProgress: (done, total, label, running) => progress?.update(done + running, total, label),
  }).catch((e: unknown) => {
    // Nothing is written either way; say what still runs elsewhere.
    if (e instanceof SweepAbortedError) {
      console.error(remoteGateway ? `interrupted: stopped waiting for shards (calls already queued on ${remoteGateway} still run), nothing written` : 'interrupted: workers stopped, nothing written');
      return EXIT.stopped;
    }
    if (e instanceof SweepShardsError) {
      console.error(`error: ${e.message}\nnothing written`);
      return EXIT.failed;
    }
    throw e;
  }).finally(() => progress?.stop());
  if (typeof result === 'number') return result;
  writeResult(out, result);
  if (!values.quiet) console.log(formatSweepTable(result, { wide: values.wide }));
  console.log(`sweep result written to ${out} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return 0;
}

runMain(() => main(process.argv.slice(2)), { usage: USAGE });
