// The Azure Functions 2019 public trace as sampled by vhive-serverless/invitro:
// `inv` (HashFunction, HashApp, HashOwner, minute_1..minute_1440: invocations per minute),
// `run` (per-function duration percentiles in ms, without cold starts) and `mem` (per-app
// allocated memory percentiles in MB). A function's memory is its app's average allocation.
import { quoted } from '../input/excerpt.ts';
import { type CsvTable, parseCsv } from './csv.ts';
import { type TraceData, TraceError, type TraceFunction, fromPercentiles, traceName } from './trace-data.ts';

export interface Azure2019Texts {
  invocations: { text: string; file: string };
  durations: { text: string; file: string };
  memory: { text: string; file: string };
}

export interface Azure2019Options {
  functions?: number; // first N functions of the invocation file
  fromMinute?: number; // 0-based
  minutes?: number;
}

const PERCENTILES = [0, 1, 25, 50, 75, 99, 100];

function number(table: CsvTable, row: { line: number; values: Record<string, string> }, col: string, min = 0): number {
  const raw = row.values[col];
  const x = Number(raw);
  if (raw === undefined || raw === '' || !Number.isFinite(x) || x < min) {
    throw new TraceError(table.file, row.line, `column '${col}' must be a number ≥ ${min} (got ${quoted(raw ?? '')})`);
  }
  return x;
}

function requireColumns(table: CsvTable, cols: string[]): void {
  const missing = cols.filter((c) => !table.header.includes(c));
  if (missing.length) throw new TraceError(table.file, 1, `missing column(s) ${missing.join(', ')}`);
}

export function parseAzure2019(texts: Azure2019Texts, opts: Azure2019Options = {}): TraceData {
  const inv = parseCsv(texts.invocations.text, texts.invocations.file);
  const run = parseCsv(texts.durations.text, texts.durations.file);
  const mem = parseCsv(texts.memory.text, texts.memory.file);
  requireColumns(inv, ['HashFunction', 'HashApp', 'minute_1']);
  requireColumns(run, ['HashFunction', ...PERCENTILES.map((p) => `percentile_Average_${p}`)]);
  requireColumns(mem, ['HashApp', 'AverageAllocatedMb']);
  const minuteCols = inv.header.filter((h) => /^minute_\d+$/.test(h));
  const from = opts.fromMinute ?? 0;
  if (from >= minuteCols.length) throw new TraceError(inv.file, 1, `fromMinute ${from} is past the ${minuteCols.length} minutes in the file`);
  const minutes = Math.min(opts.minutes ?? minuteCols.length - from, minuteCols.length - from);
  const rows = inv.rows.slice(0, opts.functions ?? inv.rows.length);
  if (rows.length === 0) throw new TraceError(inv.file, 2, 'no functions in the file');

  const runByFn = new Map(run.rows.map((r) => [r.values.HashFunction!, r]));
  const memByApp = new Map(mem.rows.map((r) => [r.values.HashApp!, r]));
  const counts = new Int32Array(rows.length * minutes);
  const functions: TraceFunction[] = rows.map((row, f) => {
    const hash = row.values.HashFunction!;
    let total = 0;
    for (let m = 0; m < minutes; m++) {
      const c = number(inv, row, minuteCols[from + m]!);
      if (!Number.isInteger(c)) throw new TraceError(inv.file, row.line, `column '${minuteCols[from + m]}' must be a whole count (got ${c})`);
      counts[f * minutes + m] = c;
      total += c;
    }
    const r = runByFn.get(hash);
    if (!r) throw new TraceError(run.file, 0, `no durations for function ${hash} (line ${row.line} of ${inv.file})`);
    const app = row.values.HashApp!;
    const m = memByApp.get(app);
    if (!m) throw new TraceError(mem.file, 0, `no memory for app ${app} (line ${row.line} of ${inv.file})`);
    const warm = fromPercentiles(PERCENTILES.map((p) => ({ p: p / 100, value: number(run, r, `percentile_Average_${p}`) / 1000 })));
    return { name: traceName(f, hash), hash, warm, memoryMB: number(mem, m, 'AverageAllocatedMb', 1), invocations: total };
  });
  return { format: 'azure2019', source: inv.file, functions, counts, minutes, times: null, fns: null };
}
