// `./fave bench [<case> ...] [--runs N] [--one-core] [--against DIR]`: each simulator
// benchmark in a fresh process (so peak memory is its own), printed as a table. Speed is
// measured here, never asserted in tests. On a shared machine one run can be 15% off the
// next: with --runs N each case runs N times, and the table gives the median and the range.
// --one-core pins each run to one CPU (Linux `taskset`), so V8's helper threads (compilation,
// GC) share the core the simulation runs on: its CPU time is then the time a one-core
// machine would take. Each case's process is this command again, from its bundle through
// the launcher (built first if a source is newer), with CASE_ENV naming the case (case.ts):
// the code a user's `./fave sim` runs, not the sources under tsx. --against DIR measures
// another checkout's build the same way, each run paired with one of this build's
// (against.ts).
import { spawnSync } from 'node:child_process';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { colourOn } from '../terminal/colour.ts';
import { fitText, hiddenNote, renderTable, type Column } from '../terminal/table.ts';
import { median } from 'd3-array';
import { CASES } from './cases.ts';
import { CASE_ENV, type CaseResult, runCase } from './case.ts';
import { didYouMean } from '../input/did-you-mean.ts';
import { launcherIn, pairRatios, thisFirst } from './against.ts';
import { parseCommandLine } from '../process/command-line.ts';

// A case's own process: measure it, print its one JSON line, and stop.
const caseName = process.env[CASE_ENV];
if (caseName !== undefined) {
  console.log(JSON.stringify(runCase(caseName)));
  process.exit(0);
}

const USAGE = `usage: ./fave bench [<case> ...] [--runs N] [--one-core] [--wide] [--against DIR]   (cases: ${CASES.map((c) => c.name).join(', ')})`;

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function parse() {
  try {
    return parseCommandLine(process.argv.slice(2), { runs: { type: 'string', default: '1' }, 'one-core': { type: 'boolean', default: false }, wide: { type: 'boolean', default: false }, against: { type: 'string' }, help: { type: 'boolean' } });
  } catch (e) {
    return fail((e as Error).message); // an unknown option, or --runs without a value
  }
}
const args = parse();
if (args.values.help) {
  console.log(fitText(USAGE));
  process.exit(0);
}
const runs = Number(args.values.runs);
if (!/^\d+$/.test(args.values.runs!) || runs < 1) fail(`--runs: must be an integer >= 1, got '${args.values.runs}'`);
const oneCore = args.values['one-core']!;
if (oneCore && spawnSync('taskset', ['-c', '0', 'true']).status !== 0) fail('--one-core: needs Linux `taskset` (util-linux), which did not run here');
const only = args.positionals;
const unknown = only.filter((n) => !CASES.some((c) => c.name === n));
const near = (n: string) => {
  const m = didYouMean(n, CASES.map((c) => c.name));
  return m ? ` (did you mean ${m}?)` : '';
};
if (unknown.length > 0) fail(`unknown case${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `'${n}'${near(n)}`).join(', ')}`);

/** The median, and the range when there was more than one run. */
const spread = (xs: number[], digits: number, scale = 1) => {
  const f = (x: number) => (x / scale).toFixed(digits);
  return xs.length === 1 ? f(xs[0]!) : `${f(median(xs)!)} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`;
};

// Within 100 columns by default (sim/terminal/table.ts): the target and the per-second rates
// with --wide; the legend says what each column is.
const COLUMNS: Column[] = [
  { title: 'case', align: 'left' },
  { title: 'target', align: 'left', wide: true, wrap: true },
  { title: 'CPU s' },
  { title: 'main\nthread s' },
  { title: 'events' },
  { title: 'events/s', wide: true },
  { title: 'requests' },
  { title: 'calls', wide: true },
  { title: 'requests/s', wide: true },
  { title: 'peak\nRSS MB' },
];
const rows: string[][] = [];
const verdicts: string[] = [];
// The launcher by its path (a process started, nothing imported: the folder rules keep sim/
// from importing scripts/).
const launcher = fileURLToPath(new URL('../../scripts/fave.cjs', import.meta.url));
const againstDir = args.values.against;
const other = againstDir === undefined ? null : againstLauncher(againstDir);

function againstLauncher(dir: string): string {
  try {
    return launcherIn(dir);
  } catch (e) {
    return fail((e as Error).message);
  }
}

/** One run of a case, in a fresh process of the build whose launcher is given. */
function measure(build: string, name: string): CaseResult {
  const node = [process.execPath, build, 'bench'];
  const [command, ...argv] = oneCore ? ['taskset', '-c', '0', ...node] : node;
  const out = spawnSync(command!, argv, { encoding: 'utf8', env: { ...process.env, [CASE_ENV]: name }, stdio: ['ignore', 'pipe', 'pipe'] });
  const last = out.stdout.trim().split('\n').pop() ?? '';
  try {
    if (out.status === 0) return JSON.parse(last) as CaseResult;
  } catch {
    // told below
  }
  const said = `${out.stderr}${out.stdout}`.trim().split('\n').slice(-3).join(' / ') || 'no output';
  if (build === launcher) throw new Error(`bench: this build did not measure '${name}' (exit ${out.status}): ${said}`);
  return fail(`--against: the build in '${againstDir}' did not measure '${name}' (exit ${out.status}): ${said}`);
}

const m = (x: number) => (x / 1e6).toFixed(2) + 'M';
function row(label: string, results: CaseResult[]): string[] {
  const r = results[0]!; // events, requests and calls are the same in every run (same seed)
  const of = (k: keyof CaseResult) => results.map((x) => x[k] as number);
  return [
    label,
    r.target,
    spread(of('cpuSeconds'), 2),
    spread(of('mainThreadSeconds'), 2),
    m(r.events),
    spread(of('eventsPerSecond'), 2, 1e6) + 'M',
    r.requests.toLocaleString('en'),
    r.calls.toLocaleString('en'),
    spread(of('requestsPerSecond'), 2, 1e6) + 'M',
    Math.max(...of('peakRssMB')).toFixed(0),
  ];
}

for (const c of CASES) {
  if (only.length && !only.includes(c.name)) continue;
  const mine: CaseResult[] = [];
  const theirs: CaseResult[] = [];
  for (let i = 1; i <= runs; i++) {
    process.stderr.write(`running ${c.name}${runs > 1 ? ` (${i}/${runs})` : ''}${oneCore ? ' on one core' : ''}${other ? ', both builds' : ''}...\n`);
    if (!other) {
      mine.push(measure(launcher, c.name));
      continue;
    }
    const first = thisFirst(i - 1);
    const a = measure(first ? launcher : other, c.name);
    const b = measure(first ? other : launcher, c.name);
    mine.push(first ? a : b);
    theirs.push(first ? b : a);
  }
  rows.push(row(c.name, mine));
  if (!other) continue;
  rows.push(row(`${c.name} @ ${basename(resolve(againstDir!))}`, theirs));
  const ratio = (k: 'cpuSeconds' | 'mainThreadSeconds') => {
    const p = pairRatios(mine.map((x) => x[k]), theirs.map((x) => x[k]));
    return runs === 1 ? `×${p.median.toFixed(3)}` : `×${p.median.toFixed(3)} (${p.min.toFixed(3)}–${p.max.toFixed(3)})`;
  };
  verdicts.push(`${c.name}, this build / ${againstDir}: CPU ${ratio('cpuSeconds')}, main thread ${ratio('mainThreadSeconds')}, median of ${runs} pair${runs > 1 ? 's' : ''}`);
  if (mine[0]!.events !== theirs[0]!.events || mine[0]!.requests !== theirs[0]!.requests) {
    verdicts.push(`  the two builds ran different work (${m(mine[0]!.events)} events here, ${m(theirs[0]!.events)} there): the ratio compares different cases`);
  }
}
const wide = args.values.wide!;
console.log(renderTable(COLUMNS, rows, { wide, colour: colourOn() }));
console.log(fitText('CPU s: the simulation\'s CPU time, all threads (median, and the range over --runs); main thread s: its main thread alone; events: the engine\'s events; peak RSS MB: the largest resident memory of the runs.'));
const hidden = hiddenNote(COLUMNS, wide);
if (hidden) console.log(hidden);
if (oneCore) console.log('pinned to one core: CPU s (all threads) is the time a one-core machine would take');
for (const v of verdicts) console.log(fitText(v));
