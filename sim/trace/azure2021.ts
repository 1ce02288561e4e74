// The Azure Functions 2021 per-invocation trace (app, func, end_timestamp s, duration s):
// start = end − duration. Each function's service time is the empirical distribution of its
// own durations (the simulator draws per call, so individual calls are not paired with
// their recorded duration). Memory is not in this trace: `defaultMemoryMB` is used.
import { quoted } from '../input/excerpt.ts';
import { parseCsv } from './csv.ts';
import { type TraceData, TraceError, type TraceFunction, traceName } from './trace-data.ts';

export function parseAzure2021(text: string, file: string, opts: { functions?: number; defaultMemoryMB?: number } = {}): TraceData {
  const table = parseCsv(text, file);
  const missing = ['app', 'func', 'end_timestamp', 'duration'].filter((c) => !table.header.includes(c));
  if (missing.length) throw new TraceError(file, 1, `missing column(s) ${missing.join(', ')}`);
  const index = new Map<string, number>();
  const durations: number[][] = [];
  const hashes: string[] = [];
  const calls: { start: number; fn: number }[] = [];
  for (const row of table.rows) {
    const end = Number(row.values.end_timestamp);
    const duration = Number(row.values.duration);
    if (!Number.isFinite(end) || !Number.isFinite(duration) || duration < 0 || end - duration < 0) {
      throw new TraceError(file, row.line, `end_timestamp and duration must be numbers with end ≥ duration ≥ 0 (got ${quoted(row.values.end_timestamp ?? '')}, ${quoted(row.values.duration ?? '')})`);
    }
    const key = `${row.values.app}/${row.values.func}`;
    let f = index.get(key);
    if (f === undefined) {
      if (opts.functions !== undefined && index.size >= opts.functions) continue;
      f = index.size;
      index.set(key, f);
      durations.push([]);
      hashes.push(row.values.func!);
    }
    durations[f]!.push(Math.max(duration, 1e-6));
    calls.push({ start: end - duration, fn: f });
  }
  if (calls.length === 0) throw new TraceError(file, 2, 'no invocations in the file');
  calls.sort((a, b) => a.start - b.start || a.fn - b.fn);
  const functions: TraceFunction[] = hashes.map((hash, f) => {
    const d = durations[f]!;
    const same = d.every((x) => x === d[0]);
    return { name: traceName(f, hash), hash, warm: same ? { type: 'constant', value: d[0]! } : { type: 'empirical', samples: d }, memoryMB: opts.defaultMemoryMB ?? 256, invocations: d.length };
  });
  return {
    format: 'azure2021',
    source: file,
    functions,
    counts: null,
    minutes: 0,
    times: Float64Array.from(calls, (c) => c.start),
    fns: Int32Array.from(calls, (c) => c.fn),
  };
}
