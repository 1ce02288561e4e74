// The table sim/sweep/bench.ts prints: one row per worker count, within 100 columns (the
// shared table module, sim/terminal/table.ts) with every column shown, and a legend saying
// what each column is.
import { fitText, hiddenNote, renderTable, type Column } from '../terminal/table.ts';

export interface SweepBenchRow {
  workers: number;
  runs: number;
  wallSeconds: number;
  /** From the start to the first finished run: threads, tsx, the profile. */
  firstRunSeconds: number;
  /** Runs per second after the first finished run. */
  steadyRate: number;
  /** The 1, 5 and 15 minute load averages before the sweep started. */
  loadBefore: string;
}

const COLUMNS: Column[] = [
  { title: 'workers', align: 'right' },
  { title: 'runs', align: 'right' },
  { title: 'wall s', align: 'right' },
  { title: 'runs/s', align: 'right' },
  { title: 'first run\ndone s', align: 'right' },
  { title: 'runs/s\nafter it', align: 'right' },
  { title: 'load avg before\n(1/5/15 min)' },
];

export function sweepBenchTable(rows: SweepBenchRow[], o: { wide?: boolean; colour?: boolean } = {}): string {
  const cells = rows.map((r) => [String(r.workers), String(r.runs), r.wallSeconds.toFixed(2), (r.runs / r.wallSeconds).toFixed(1), r.firstRunSeconds.toFixed(2), r.steadyRate.toFixed(1), r.loadBefore]);
  const lines = [
    renderTable(COLUMNS, cells, { wide: o.wide, colour: o.colour }),
    fitText(
      "workers: worker threads; runs: the sweep's points × seeds; wall s: start to end, starting the workers included; runs/s: runs over wall s; first run done s: until the first run finished (start-up); runs/s after it: the steady rate after start-up; load avg before: the machine's load averages when the sweep started.",
    ),
  ];
  const hidden = hiddenNote(COLUMNS, o.wide);
  if (hidden) lines.push(hidden);
  return lines.join('\n');
}
