// `npx tsx sim/sweep/bench.ts [sweep.json] [--seeds N] [--wide]`: sweep throughput with 1 and with
// 2 worker threads on the same sweep (default sweeps/keepalive.json: 8 points × 3 seeds, each
// run a day of 100 Azure functions, about 0.6 s), and the speed-up. Sweeps whose runs take
// a few milliseconds (sweeps/timeouts.json) measure messaging and JIT warm-up, not
// throughput: there a second worker does not help. Wall-clock time includes starting the workers, as a user sees it. The machine
// may be shared: the load average is printed next to the numbers. Not a test.
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { intFlag, parseCommandLine } from '../process/command-line.ts';
import { runMain, UsageError } from '../process/run-main.ts';
import { colourOn } from '../terminal/colour.ts';
import { fitText } from '../terminal/table.ts';
import { sweepBenchTable, type SweepBenchRow } from './bench-table.ts';
import { loadSweepFile } from './load.ts';
import { runSweep } from './run-sweep.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const USAGE = `usage: npx tsx sim/sweep/bench.ts [sweep.json] [--seeds N] [--wide]   (default sweeps/keepalive.json, 3 seeds)
One table on stdout, a row per worker count, with a legend saying what its columns are (it fits 100 columns: --wide changes nothing).`;

async function main(): Promise<number> {
  const { values, positionals } = parseCommandLine(process.argv.slice(2), { seeds: { type: 'string', default: '3' }, wide: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } });
  if (values.help) {
    console.log(fitText(USAGE));
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`one sweep file at most, got ${positionals.length}`);
  const path = positionals[0] ?? join(root, 'sweeps', 'keepalive.json');
  const loaded = loadSweepFile(path);
  loaded.sweep = { ...loaded.sweep, seeds: intFlag(values.seeds, 'seeds', 1)! };
  const tasks = loaded.points.length * loaded.sweep.seeds;
  const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

  const rows: SweepBenchRow[] = [];
  const walls: number[] = [];
  const steady: number[] = [];
  const outputs: string[] = [];
  for (const workers of [1, 2]) {
    const before = load();
    process.stderr.write(`${loaded.points.length} points × ${loaded.sweep.seeds} seeds (${tasks} runs) on ${workers} worker${workers === 1 ? '' : 's'}...\n`);
    const t0 = performance.now();
    // The first finished run marks the end of start-up (threads, tsx, profile); the rate
    // after it is the steady throughput.
    let first = 0;
    const onProgress = (done: number) => void (done === 1 && first === 0 && (first = performance.now())); // progress of a long task repeats done
    const result = await runSweep(loaded, path, { defaultProfile: join(root, 'profiles', 'default.json'), workers, onProgress });
    const end = performance.now();
    const wall = (end - t0) / 1000;
    walls.push(wall);
    steady.push((tasks - 1) / ((end - first) / 1000));
    outputs.push(JSON.stringify(result));
    rows.push({ workers, runs: tasks, wallSeconds: wall, firstRunSeconds: (first - t0) / 1000, steadyRate: steady.at(-1)!, loadBefore: before });
  }
  console.log(sweepBenchTable(rows, { wide: values.wide, colour: colourOn() }));
  console.log(fitText(`speed-up 2 vs 1 worker: ${(walls[0]! / walls[1]!).toFixed(2)}× wall clock, ${(steady[1]! / steady[0]!).toFixed(2)}× after start-up (cores: ${availableParallelism()}, load avg after: ${load()})`));
  console.log(`results identical: ${outputs[0] === outputs[1] ? 'yes' : 'NO'}`);
  return 0;
}

runMain(main, { usage: USAGE, prefix: 'sweep bench' });
