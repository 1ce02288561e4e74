// `./fave bench:start [--runs N] [--old DIR] [--launcher DIR] [--simfaas DIR [--python EXE]]`:
// what a user waits for when starting a simulation, the whole process, in alternating runs,
// N times each (default 10), with the median wall-clock and CPU seconds (user + system of
// every process of the run) of each. Three comparisons:
// - default: `npm run sim` from tsx (how the CLIs ran before the bundle; --old: the
//   sim/cli.ts of another checkout, e.g. a `git worktree` of the commit before) against the
//   bundle, on a small scenario (scenarios/steady.json) and on SimFaaS's own (bench case
//   lambda-0.9: one function, Poisson 0.9/s, 1e6 s). Both go through `npm run`, from a
//   throw-away package whose two scripts are the old and the new command line, so npm's own
//   start is in both;
// - --launcher <checkout>: that checkout's launcher (its `./fave`, or `node bin/fave.mjs`
//   before there was one) against this one's `./fave`, on `sim --help` and the two scenarios;
// - --simfaas <checkout of pacslab/simfaas>: SimFaaS's own process on its scenario,
//   alternating with FAVE's on the same scenario two ways, `./fave sim` and `npm run sim`
//   (npm's own start included), and the ratios; with --launcher, that checkout's too.
// Speed is measured here, never in tests; this machine drifts 10-20% within an hour, hence
// the alternation and the medians (docs/performance.md, "Start-up").
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from 'd3-array';
import { intFlag, parseCommandLine } from '../process/command-line.ts';
import { runMain, UsageError } from '../process/run-main.ts';
import { CASES } from './cases.ts';
import { checkSimfaas, simfaasCommand } from './simfaas.ts';

const USAGE = 'usage: ./fave bench:start [--runs N (default 10; 5 with --simfaas)] [--old <checkout> (default this one)] [--launcher <checkout> (its launcher against ./fave)] [--simfaas <checkout of pacslab/simfaas> [--python <python3 with numpy, pandas, tqdm> (default python3)]]';
const root = fileURLToPath(new URL('../..', import.meta.url));

/** A package whose scripts `old` and `new` run the sim CLI each way, with the repository's node_modules/.bin. */
function scriptsPackage(dir: string, old: string): void {
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fave-start-bench', private: true, scripts: { old: `tsx ${join(old, 'sim', 'cli.ts')}`, new: `${join(root, 'fave')} sim` } }));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(join(root, 'node_modules', '.bin'), join(dir, 'node_modules', '.bin'));
}

/** A checkout's launcher as a command line: its `fave`, or `node bin/fave.mjs` from before there was one. */
function launcherOf(checkout: string): string {
  if (existsSync(join(checkout, 'fave'))) return `'${join(checkout, 'fave')}'`;
  if (existsSync(join(checkout, 'bin', 'fave.mjs'))) return `node '${join(checkout, 'bin', 'fave.mjs')}'`;
  throw new UsageError(`--launcher: ${checkout} has neither fave nor bin/fave.mjs`);
}

/** Wall and CPU seconds of one `npm run <script> -- <args>`. */
function timeRun(pkg: string, script: string, args: string[]): { wall: number; cpu: number } {
  return timeCommand(`npm run --silent --prefix '${pkg}' ${script} -- ${args.map((a) => `'${a}'`).join(' ')}`);
}

/** Wall and CPU seconds of one bash command line; CPU from bash's `times` (its children's
 * user and system time, every process of the run that was waited for). */
function timeCommand(command: string): { wall: number; cpu: number } {
  const t0 = performance.now();
  const out = execFileSync('bash', ['-c', `${command} >/dev/null; times`], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  const wall = (performance.now() - t0) / 1000;
  // `times`: the shell's user and system time, then its children's: "0m0.512s 0m0.081s".
  const [user, sys] = out.trim().split('\n').pop()!.split(' ').map((x) => { const [, m, s] = /(\d+)m([\d.]+)s/.exec(x)!; return Number(m) * 60 + Number(s); });
  return { wall, cpu: user! + sys! };
}

async function main(argv: string[]): Promise<number> {
  const { values } = parseCommandLine(argv, { runs: { type: 'string' }, old: { type: 'string' }, launcher: { type: 'string' }, simfaas: { type: 'string' }, python: { type: 'string' }, help: { type: 'boolean', default: false } });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.python !== undefined && values.simfaas === undefined) throw new UsageError('--python is for --simfaas');
  if (values.old !== undefined && (values.launcher !== undefined || values.simfaas !== undefined)) throw new UsageError('--old is for the default comparison (tsx against the bundle), not with --launcher or --simfaas');
  const old = values.launcher === undefined ? undefined : launcherOf(resolve(values.launcher));
  if (values.simfaas !== undefined) return againstSimfaas(values.simfaas, values.python ?? 'python3', intFlag(values.runs, 'runs', 1, 1000) ?? 5, old);
  const runs = intFlag(values.runs, 'runs', 1, 1000) ?? 10;
  if (old !== undefined) return againstLauncher(old, runs);
  const dir = mkdtempSync(join(tmpdir(), 'fave-start-'));
  scriptsPackage(dir, resolve(values.old ?? root));
  const simfaas = join(dir, 'simfaas.json');
  writeFileSync(simfaas, JSON.stringify(CASES.find((c) => c.name === 'lambda-0.9')!.scenario));
  const scenarios = [
    ['steady.json', join(root, 'scenarios', 'steady.json')],
    ['SimFaaS (lambda-0.9)', simfaas],
  ] as const;
  // Once each, unmeasured: the bundle built if stale, tsx's cache and the disk cache warm.
  for (const [, file] of scenarios) for (const script of ['old', 'new']) timeRun(dir, script, [file, '--quiet', '--out', join(dir, 'out.json')]);
  for (const [name, file] of scenarios) {
    const got: Record<string, { wall: number[]; cpu: number[] }> = { old: { wall: [], cpu: [] }, new: { wall: [], cpu: [] } };
    for (let i = 0; i < runs; i++) {
      // Alternate, and swap which goes first every round.
      for (const script of i % 2 ? ['new', 'old'] : ['old', 'new']) {
        const r = timeRun(dir, script, [file, '--quiet', '--out', join(dir, 'out.json')]);
        got[script]!.wall.push(r.wall);
        got[script]!.cpu.push(r.cpu);
        process.stderr.write(`${name}: ${script} run ${i + 1}/${runs}: ${r.wall.toFixed(3)} s wall, ${r.cpu.toFixed(3)} s CPU\n`);
      }
    }
    const m = (xs: number[]) => median(xs)!;
    const line = (k: 'wall' | 'cpu') => `${k} ${m(got.old![k]).toFixed(3)} s (tsx) vs ${m(got.new![k]).toFixed(3)} s (bundle), ${(m(got.old![k]) / m(got.new![k])).toFixed(2)}×`;
    console.log(`${name}, npm run sim, median of ${runs} alternating runs: ${line('wall')}; ${line('cpu')}`);
  }
  return 0;
}

/** SimFaaS's process against FAVE's two ways of starting (and `old`'s launcher), alternately, on SimFaaS's scenario. */
function againstSimfaas(checkout: string, python: string, runs: number, old: string | undefined): number {
  checkSimfaas(python, checkout);
  const dir = mkdtempSync(join(tmpdir(), 'fave-simfaas-'));
  const scenario = join(dir, 'lambda-0.9.json');
  writeFileSync(scenario, JSON.stringify(CASES.find((c) => c.name === 'lambda-0.9')!.scenario));
  const fave = `'${scenario}' --quiet --out '${join(dir, 'out.json')}'`;
  const commands: [string, string][] = [
    ['SimFaaS', simfaasCommand(python, checkout)],
    ['./fave sim', `'${join(root, 'fave')}' sim ${fave}`],
    ['npm run sim', `npm run --silent --prefix '${root}' sim -- ${fave}`],
    ...(old === undefined ? [] : [['--launcher\'s sim', `${old} sim ${fave}`] as [string, string]]),
  ];
  return alternate(commands, runs, 'SimFaaS\'s scenario (lambda-0.9)');
}

/** `old`'s launcher against this one's `./fave`, alternately: `sim --help`, steady.json, lambda-0.9. */
function againstLauncher(old: string, runs: number): number {
  const dir = mkdtempSync(join(tmpdir(), 'fave-launcher-'));
  const simfaas = join(dir, 'lambda-0.9.json');
  writeFileSync(simfaas, JSON.stringify(CASES.find((c) => c.name === 'lambda-0.9')!.scenario));
  const cases = [
    ['sim --help', '--help'],
    ['steady.json', `'${join(root, 'scenarios', 'steady.json')}' --quiet --out '${join(dir, 'out.json')}'`],
    ['SimFaaS\'s scenario (lambda-0.9)', `'${simfaas}' --quiet --out '${join(dir, 'out.json')}'`],
  ];
  for (const [name, args] of cases) alternate([['--launcher\'s sim', `${old} sim ${args}`], ['./fave sim', `'${join(root, 'fave')}' sim ${args}`]], runs, `${name} (--launcher: ${old})`);
  return 0;
}

/** Runs `commands` in turn `runs` times, rotating which goes first, and prints each one's
 * median and range, with the ratio of the first one's medians to each other's. */
function alternate(commands: [string, string][], runs: number, title: string): number {
  // Once each, unmeasured (but SimFaaS): the bundle built if stale, the disk cache warm.
  for (const [name, command] of commands) if (name !== 'SimFaaS') timeCommand(command);
  const load0 = loadavg()[0]!;
  const got = commands.map(() => ({ wall: [] as number[], cpu: [] as number[] }));
  for (let i = 0; i < runs; i++) {
    // Rotate which goes first, so that no one always follows another (SimFaaS's ten seconds).
    for (let k = 0; k < commands.length; k++) {
      const j = (i + k) % commands.length;
      const r = timeCommand(commands[j]![1]);
      got[j]!.wall.push(r.wall);
      got[j]!.cpu.push(r.cpu);
      process.stderr.write(`${commands[j]![0]}: run ${i + 1}/${runs}: ${r.wall.toFixed(3)} s wall, ${r.cpu.toFixed(3)} s CPU\n`);
    }
  }
  const m = (xs: number[]) => median(xs)!;
  const range = (xs: number[]) => `${m(xs).toFixed(3)} s (${Math.min(...xs).toFixed(3)}-${Math.max(...xs).toFixed(3)})`;
  console.log(`${title}, median (range) of ${runs} alternating runs, load average ${load0.toFixed(1)} -> ${loadavg()[0]!.toFixed(1)}:`);
  const b = got[0]!;
  commands.forEach(([name], j) => {
    const g = got[j]!;
    const ratio = j === 0 ? '' : `; ${commands[0]![0]} / this: ${(m(b.wall) / m(g.wall)).toFixed(2)}x wall, ${(m(b.cpu) / m(g.cpu)).toFixed(2)}x CPU`;
    console.log(`  ${name}: wall ${range(g.wall)}, CPU ${range(g.cpu)}${ratio}`);
  });
  return 0;
}

runMain(() => main(process.argv.slice(2)), { usage: USAGE, prefix: 'bench:start' });
