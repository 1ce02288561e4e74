// Re-derives data/sebs/*.csv from the SeBS artifact (spcl/serverless-benchmarks-artifact):
//   npx tsx data/derive/sebs.ts <clone of spcl/serverless-benchmarks-artifact> --out data/sebs
// Source: data/performance/<provider>_perf_cost/<benchmark>/perf-cost/result.csv, one row per
// invocation (memory,type,is_cold,exec_time,connection_time,client_time,provider_time,mem_used).
// The artifact repository states no licence, so only the columns FAVE reads are kept (the group
// keys memory, type, is_cold and the measured exec_time, in µs); every row is kept, in order.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { sourceAndOut } from './git-source.ts';

const COMMIT = '22e8134ca789a54cffd789265303c17d5a0536db'; // head ("Bump version", 2021-09-01); the files are unchanged since a9669e3
const PROVIDERS = ['aws', 'azure', 'gcp'];
const BENCHMARKS = ['210_python', '311', '411']; // 210.thumbnailer (Python), 311.compression, 411.image-recognition
const KEEP = ['memory', 'type', 'is_cold', 'exec_time'];

const { source, out } = sourceAndOut('usage: npx tsx data/derive/sebs.ts <clone of spcl/serverless-benchmarks-artifact> --out data/sebs');
mkdirSync(out, { recursive: true });
for (const provider of PROVIDERS) {
  for (const bench of BENCHMARKS) {
    const path = `data/performance/${provider}_perf_cost/${bench}/perf-cost/result.csv`;
    const lines = source.read(COMMIT, path).toString('utf8').split(/\r?\n/);
    if (lines.at(-1) === '') lines.pop();
    const header = lines[0]!.split(',');
    const cols = KEEP.map((k) => {
      const i = header.indexOf(k);
      if (i < 0) throw new Error(`${path}: no column '${k}'`);
      return i;
    });
    const rows = lines.map((line, n) => {
      if (line.includes('"')) throw new Error(`${path}:${n + 1}: quoted fields are not expected`);
      const v = line.split(',');
      if (v.length !== header.length) throw new Error(`${path}:${n + 1}: ${v.length} fields, header has ${header.length}`);
      return cols.map((i) => v[i]).join(',');
    });
    const file = join(out, `${provider}_${bench}.csv`);
    writeFileSync(file, `${rows.join('\n')}\n`);
    console.log(`wrote ${file}: ${rows.length - 1} invocations`);
  }
}
