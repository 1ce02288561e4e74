// `npx tsx sim/sweep/bench.ts [sweep.json] [--seeds N]`: sweep throughput with 1 and with
// 2 worker threads on the same sweep (default sweeps/keepalive.json: 8 points × 3 seeds, each
// run a day of 100 Azure functions, about 0.6 s), and the speed-up. Sweeps whose runs take
// a few milliseconds (sweeps/timeouts.json) measure messaging and JIT warm-up, not
// throughput: there a second worker does not help. Wall-clock time includes starting the workers, as a user sees it. The machine
// may be shared: the load average is printed next to the numbers. Not a test.
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Table from 'cli-table3';
import { loadSweepFile } from './load.ts';
import { runSweep } from './run-sweep.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { values, positionals } = parseArgs({ allowPositionals: true, options: { seeds: { type: 'string', default: '3' } } });
const path = positionals[0] ?? join(root, 'sweeps', 'keepalive.json');
const loaded = loadSweepFile(path);
loaded.sweep = { ...loaded.sweep, seeds: Number(values.seeds) };
const tasks = loaded.points.length * loaded.sweep.seeds;
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

const table = new Table({ style: { head: [], border: [] }, head: ['workers', 'runs', 'wall s', 'runs/s', 'first run done s', 'runs/s after it', 'load avg before (1/5/15 min)'] });
const walls: number[] = [];
const steady: number[] = [];
const outputs: string[] = [];
for (const workers of [1, 2]) {
  const before = load();
  process.stderr.write(`${loaded.points.length} points × ${loaded.sweep.seeds} seeds on ${workers} worker(s)...\n`);
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
  table.push([workers, tasks, wall.toFixed(2), (tasks / wall).toFixed(1), ((first - t0) / 1000).toFixed(2), steady.at(-1)!.toFixed(1), before]);
}
console.log(table.toString());
console.log(`speed-up 2 vs 1 worker: ${(walls[0]! / walls[1]!).toFixed(2)}× wall clock, ${(steady[1]! / steady[0]!).toFixed(2)}× after start-up (cores: ${availableParallelism()}, load avg after: ${load()})`);
console.log(`results identical: ${outputs[0] === outputs[1] ? 'yes' : 'NO'}`);
