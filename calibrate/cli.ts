// `./fave calibrate [options]`: measures the stages on the embedded platform (or on a
// real OpenFaaS when OPENFAAS_URL is set) and writes a fave.calibration/v1 profile; with
// --function NAME [--body FILE] (repeatable), any deployed functions instead, each fed its
// sample request, the profile keyed by their names; or, with
// --from-telemetry, builds one from recorded telemetry without running anything.
// A pre-check refuses a busy machine (exit 2) unless --force. Interrupted or failed, what
// finished is written as <name>.partial.json ("status": "incomplete"), never under the final
// name: the simulator refuses it unless told otherwise.
// Exit codes: 0 done, 2 bad input (options, files, target, a busy machine), 130 interrupted
// (partial profile written), 1 anything else.
import { existsSync, readFileSync, renameSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { onStop } from '../sim/process/on-stop.ts';
import { optionsInOrder, parseCommandLine } from '../sim/process/command-line.ts';
import { runMain, UsageError } from '../sim/process/run-main.ts';
import { parseProfile } from '../sim/profile/load.ts';
import type { CalibrationProfile } from '../sim/profile/types.ts';
import { InputError } from './errors.ts';
import { profileFromSource } from './telemetry/profile-from-source.ts';
import { calibrateLive } from './live/run-live.ts';
import { parsePlan, planUnits, stagesOrFunctions } from './live/plan.ts';
import { loadFunctions, pairFunctions, planned } from './live/functions.ts';
import { expectedPlanSeconds } from './live/expected.ts';
import { formatEta } from './live/eta.ts';
import { summaryTable } from './profile/summary-table.ts';
import { fitWarnings } from './profile/summary-table.ts';
import { fitText } from '../sim/terminal/table.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const USAGE = `usage: ./fave calibrate [--out profiles/<name>.json] [--stages ffmpeg-1,librosa]
         [--warm 30] [--warm-gap 0] [--cold 3] [--drift-minutes 5] [--drift-period 10]
         [--concurrency 1,2,4,8] [--contention-calls 8] [--neighbour-calls 6] [--no-fanout]
         [--s3-sizes 1000,100000,1000000] [--s3-reps 10] [--work-dir .fave/calibrate] [--fresh]
         [--force] [--quiet] [--wide] [--cores N --memory-mb MB (the cluster's node; default
         this machine's)]
       ./fave calibrate --function NAME [--body FILE.json] [--function NAME2 [--body
         FILE2.json] ...] [--stack stack.yml] [same counts]
       ./fave calibrate --from-telemetry <run dir | telemetry.jsonl | stage_invocations.csv>
         [--out file] [--cores N] [--requests requests.csv]
Target: the embedded platform, or a real OpenFaaS when OPENFAAS_URL (+ OPENFAAS_USERNAME,
OPENFAAS_PASSWORD, S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY, S3_BUCKET) is set. A re-run with the
same --work-dir resumes; --fresh starts over. --force calibrates on a machine the pre-check finds
busy (recorded in the profile's conditions). --function measures any deployed function, sending
the --body that follows it (a JSON file, sent as it is; none = {}) on every call; not with
--stages. On the embedded platform the functions come from --stack (default
live/openfaas/stack.yml). The summary table's columns are named in the legend under it.`;

/** --cores and --memory-mb: the node size a profile records, each a number > 0 when given. */
function nodeSize(cores: string | undefined, memoryMB: string | undefined): { cores?: number; memoryMB?: number } {
  const num = (flag: string, raw: string | undefined): number | undefined => {
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (!(Number.isFinite(n) && n > 0)) throw new InputError(`--${flag}: must be a number > 0, got '${raw}'`);
    return n;
  };
  return { ...(cores !== undefined ? { cores: num('cores', cores) } : {}), ...(memoryMB !== undefined ? { memoryMB: num('memory-mb', memoryMB) } : {}) };
}

/** Where an incomplete profile goes: profiles/x.json → profiles/x.partial.json. */
function partialPath(out: string): string {
  return out.endsWith('.json') ? `${out.slice(0, -'.json'.length)}.partial.json` : `${out}.partial.json`;
}

function versions(): Record<string, string> {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  return { fave: pkg.version, node: process.version, calibrate: 'fave.calibration/v1' };
}

async function write(out: string, profile: CalibrationProfile): Promise<void> {
  parseProfile(JSON.parse(JSON.stringify(profile)), out); // never write what the simulator could not read
  await mkdir(path.dirname(path.resolve(out)), { recursive: true });
  await writeFile(out, `${JSON.stringify(profile, null, 2)}\n`);
}

const OPTIONS = {
  out: { type: 'string' }, stages: { type: 'string' }, warm: { type: 'string' }, 'warm-gap': { type: 'string' }, cold: { type: 'string' },
  'drift-minutes': { type: 'string' }, 'drift-period': { type: 'string' },
  concurrency: { type: 'string' }, 'contention-calls': { type: 'string' }, 'neighbour-calls': { type: 'string' }, 'no-fanout': { type: 'boolean' },
  's3-sizes': { type: 'string' }, 's3-reps': { type: 'string' }, 'work-dir': { type: 'string' }, fresh: { type: 'boolean', default: false },
  'from-telemetry': { type: 'string' }, requests: { type: 'string' }, cores: { type: 'string' }, quiet: { type: 'boolean', default: false }, wide: { type: 'boolean', default: false }, help: { type: 'boolean' },
  force: { type: 'boolean', default: false }, 'memory-mb': { type: 'string' },
  function: { type: 'string', multiple: true }, body: { type: 'string', multiple: true }, stack: { type: 'string' },
} as const;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv, OPTIONS);
  if (values.help) {
    console.log(fitText(USAGE));
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`calibrate takes options only, got ${positionals.map((p) => `'${p}'`).join(' ')}`);
  const pairs = pairFunctions(optionsInOrder(argv, OPTIONS));
  if (values['from-telemetry'] !== undefined) {
    if (pairs.length > 0 || values.stack !== undefined) throw new UsageError('--from-telemetry builds a profile from recorded calls: --function, --body and --stack measure live and cannot go with it');
    const cores = values.cores === undefined ? os.availableParallelism() : Number(values.cores);
    if (!(cores > 0)) throw new InputError(`--cores: must be a number > 0, got '${values.cores}'`);
    const out = values.out ?? 'profiles/from-telemetry.json';
    const { profile, report } = await profileFromSource(values['from-telemetry'], cores, versions(), values.requests === undefined ? {} : { requests: values.requests });
    await write(out, profile);
    if (!values.quiet) {
      for (const line of report) console.log(line);
      console.log(summaryTable(profile, { wide: values.wide }));
    }
    for (const w of fitWarnings(profile)) console.error(`warning: ${w}`);
    console.log(`profile written to ${out}`);
    return 0;
  }
  if (values.stack !== undefined && pairs.length === 0) throw new UsageError('--stack: the stages come from live/openfaas/stack.yml; --stack deploys the functions named by --function');
  if (values.stack !== undefined && process.env.OPENFAAS_URL) throw new UsageError('--stack deploys functions on the embedded platform; with OPENFAAS_URL set the functions must already be deployed there (faas-cli deploy)');
  stagesOrFunctions(values.stages, pairs.length);
  // Bodies are read and checked before anything starts.
  const functions = loadFunctions(pairs);
  const plan = parsePlan(values, functions.map(planned));
  const out = values.out ?? `profiles/calibrated-${new Date().toISOString().slice(0, 10)}.json`;
  const workDir = path.resolve(values['work-dir'] ?? path.join(ROOT, '.fave/calibrate'));
  // --fresh: start over; the old steps move aside (never deleted: they are measurements).
  if (values.fresh && existsSync(path.join(workDir, 'steps'))) renameSync(path.join(workDir, 'steps'), path.join(workDir, `steps-${Date.now()}`));
  // Ctrl-C, SIGTERM, SIGHUP or the launcher gone: finish the call in flight and write what
  // finished; a second stop quits at once (the provider's exit hook kills the replicas).
  const abort = new AbortController();
  onStop(({ count }) => (count > 1 ? process.exit(130) : abort.abort()));
  // The plan's length up front, from its expected per-call times (live/expected.ts).
  if (!values.quiet) console.error(`plan: ${planUnits(plan)} measurements (calls, and S3 PUTs and GETs) over ${plan.stages.length} ${functions.length > 0 ? 'function' : 'stage'}(s), expected ~${formatEta(expectedPlanSeconds(plan, os.availableParallelism()))} on a 2-core machine like the one measured, plus the platform's start${functions.length > 0 ? '' : ' and the inputs'}; first a few-second check that the machine is quiet`);
  const r = await calibrateLive({
    root: ROOT, env: process.env, workDir, plan, quiet: values.quiet!, signal: abort.signal, versions: versions(), force: values.force!,
    ...(functions.length > 0 ? { functions } : {}), ...(values.stack !== undefined ? { stackFile: path.resolve(values.stack) } : {}),
    node: nodeSize(values.cores, values['memory-mb']),
  });
  const resume = `./fave calibrate ${process.argv.slice(2).filter((a) => a !== '--fresh').join(' ')}`.trim();
  if (r.profile?.status === 'incomplete') {
    const partial = partialPath(out);
    await write(partial, r.profile);
    console.error(`INCOMPLETE: the calibration ${r.interrupted ? 'was interrupted' : 'failed'} before it finished. What it measured is in ${partial} ("status": "incomplete": ./fave sim refuses it unless --allow-incomplete); ${out} was not written.`);
    console.error(`Resume with the same work dir (every finished call is kept in ${workDir}): ${resume}`);
  } else if (r.profile) {
    await write(out, r.profile);
    console.log(summaryTable(r.profile, { wide: values.wide }));
    for (const w of fitWarnings(r.profile)) console.error(`warning: ${w}`);
    if (r.profile.conditions?.busy) console.error(`warning: the machine was busy during the calibration${r.profile.conditions.forced ? ' (--force)' : ''}: see conditions in ${out}`);
    console.log(`profile written to ${out} (${r.seconds.toFixed(0)} s, target ${r.target}; raw samples in ${workDir})`);
  } else {
    console.error(`no ${functions.length > 0 ? 'function' : 'stage'} measured yet: no profile written (raw samples in ${workDir})${r.interrupted ? `; resume with: ${resume}` : ''}`);
  }
  // Also in the profile's notes; said here because a misconfigured readiness is the platform's fault, not the fit's.
  for (const line of r.coldFailures) console.error(`warning: ${line}`);
  if (r.error) throw r.error;
  return r.interrupted ? 130 : 0;
}

runMain(() => main(process.argv.slice(2)), { usage: USAGE, prefix: 'calibrate' });
