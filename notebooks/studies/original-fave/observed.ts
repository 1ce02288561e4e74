// What the original FAVE measured and published for the four experiments this study predicts.
// Measured figures are computed here from data/fave/requests.csv (every request of the
// original's results files, data/README.md), so they can be checked and re-derived:
//   npx tsx notebooks/studies/original-fave/observed.ts   (rewrites observed.json beside it)
// What was published is written by hand below, in our own words (the original repository
// states no licence), each claim with its `commit:path:line` as docs/original-fave.md §3 gives.
// The study page reads observed.json; a test checks it equals what this module derives.
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { median } from 'd3-array';
import { readCsv } from '../../../sim/trace/csv.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
export const REQUESTS_CSV = resolve(HERE, '..', '..', '..', 'data', 'fave', 'requests.csv');
export const OBSERVED_JSON = join(HERE, 'observed.json');

export interface Claim {
  claim: string; // what the original's reports say, in our words
  cite: string[]; // commit:path:line in SamarthBhatia/FaaS-Agent-Video-Explorer-FAVE-
  e2eMeanS?: number; // a published average latency, when one is given
  successRate?: number; // a published success rate (0..1), when one is given
}

export interface Measured {
  file: string; // the results file's name in the original's experiments/
  era: string;
  requests: number;
  ok: number; // HTTP 200 with status ok: the pipeline completed
  clientSuccess: number; // the generator's own "success" (any HTTP 2xx with a JSON body, errors included)
  e2eOkS: { mean: number; p50: number; min: number; max: number } | null; // client durations of ok requests
  okEndSpreadS: number | null; // last minus first end of an ok request (lock-step check)
  // By requests.csv's failure category: how many, and when they ended (s after the first start).
  failures: Record<string, { count: number; lastEndS: number; endSpreadS: number }>;
  mostFailedWithin1S: number; // the most failed requests ending within one second: one event failing many
}

export interface Experiment {
  scenario: string; // the scenario file in scenarios/original-fave/ whose result predicts it
  title: string;
  measured: Measured;
  also?: { note: string; measured: Measured }[]; // other runs of the same setup, for comparison
  published: Claim[];
}

export interface Observed {
  $comment: string;
  source: string;
  experiments: Experiment[];
}

/** Which results file each scenario predicts, and what was published about it. */
const EXPERIMENTS: { scenario: string; title: string; file: string; also?: { note: string; file: string }[]; published: Claim[] }[] = [
  {
    scenario: 'warm-steady-5req.json',
    title: 'E3 warm steady: 5 requests 5 s apart',
    file: 'results_steady_warm-steady-5req_0rps_5req_1766722655.json',
    published: [
      { claim: 'A warm steady run of 5 concurrent requests averaged 7.0 s, all successful.', cite: ['9183d4c:FINAL_REPORT.md:29'], e2eMeanS: 7.0, successRate: 1 },
      { claim: 'Run with 5 requests after 20 had caused OOM kills; 100% success.', cite: ['9183d4c:status.md:37-38', '9183d4c:FINAL_REPORT.md:38'] },
    ],
  },
  {
    scenario: 'cold-burst-5.json',
    title: 'E3 cold burst: 5 requests at once on fresh processes',
    file: 'results_burst_cold-burst_5req_1766723247.json',
    published: [
      { claim: 'A cold burst of 5 concurrent requests averaged 62.0 s with 80% success.', cite: ['9183d4c:FINAL_REPORT.md:30'], e2eMeanS: 62.0, successRate: 0.8 },
      { claim: 'The one failure is put down to OOM or resource contention on the test node.', cite: ['9183d4c:FINAL_REPORT.md:32', '9183d4c:status.md:25,39'] },
    ],
  },
  {
    scenario: 'steady-20-1rps.json',
    title: 'E3 20 requests at 1/s, state.json from memory',
    file: 'results_steady_warm-steady_1rps_20req_1766722493.json',
    also: [{ note: 'E2b: the same command 23:48 the evening before (never published)', file: 'results_steady_warm-steady_1rps_20req_1766686829.json' }],
    published: [
      { claim: 'Twenty concurrent requests got ffmpeg-2 OOM-killed, put down to memory limits; concurrency was then cut to 5.', cite: ['9183d4c:status.md:36-37', '9183d4c:FINAL_REPORT.md:38'] },
    ],
  },
  {
    scenario: 'steady-20-1rps-temp-file.json',
    title: 'E2 20 requests at 1/s, state.json through a shared temp file',
    file: 'results_steady_warm-steady_1rps_20req_1766685861.json',
    published: [
      { claim: 'With 300-s timeouts, long requests (up to about 315 s) now completed.', cite: ['6de3141:status.md:46', '9183d4c:FINAL_REPORT.md:36'] },
      { claim: 'Concurrency caused S3 BadDigest errors and races on the temp file /tmp/json-<pid>.tmp.', cite: ['6de3141:status.md:27,47'] },
    ],
  },
];

// Seconds, kept to the data's resolution (the CSV has milliseconds).
const ms = (x: number): number => Math.round(x * 1000) / 1000;

const spread = (xs: number[]): number => ms(Math.max(...xs) - Math.min(...xs));

/** The largest number of `ends` (any order) inside one window of `width` seconds. */
export function mostWithin(ends: number[], width: number): number {
  const xs = [...ends].sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; j < xs.length; j++) {
    while (xs[j]! - xs[i]! > width) i++;
    most = Math.max(most, j - i + 1);
  }
  return most;
}

interface Row {
  era: string;
  start: number;
  duration: number;
  clientSuccess: boolean;
  failure: string;
}

/** The measured outcome of one results file's requests. */
export function measure(file: string, rows: Row[]): Measured {
  if (!rows.length) throw new Error(`${file}: no requests in ${REQUESTS_CSV}`);
  const ok = rows.filter((r) => r.failure === 'ok');
  const e2e = ok.map((r) => r.duration).sort((a, b) => a - b);
  const failures: Measured['failures'] = {};
  for (const cat of [...new Set(rows.map((r) => r.failure))].filter((c) => c !== 'ok').sort()) {
    const these = rows.filter((r) => r.failure === cat);
    const ends = these.map((r) => r.start + r.duration);
    failures[cat] = { count: these.length, lastEndS: ms(Math.max(...ends)), endSpreadS: spread(ends) };
  }
  const failedEnds = rows.filter((r) => r.failure !== 'ok').map((r) => r.start + r.duration);
  return {
    file,
    era: rows[0]!.era,
    requests: rows.length,
    ok: ok.length,
    clientSuccess: rows.filter((r) => r.clientSuccess).length,
    e2eOkS: e2e.length ? { mean: ms(e2e.reduce((a, b) => a + b, 0) / e2e.length), p50: ms(median(e2e)!), min: ms(e2e[0]!), max: ms(e2e.at(-1)!) } : null,
    okEndSpreadS: ok.length ? spread(ok.map((r) => r.start + r.duration)) : null,
    failures,
    mostFailedWithin1S: mostWithin(failedEnds, 1),
  };
}

/** Reads requests.csv and builds observed.json's content. */
export async function deriveObserved(csv = REQUESTS_CSV): Promise<Observed> {
  const table = await readCsv(csv);
  const byFile = new Map<string, Row[]>();
  for (const { values: v } of table.rows) {
    const rows = byFile.get(v['file']!) ?? [];
    rows.push({
      era: v['era']!,
      start: Number(v['req_start_offset_s']),
      duration: Number(v['duration_ms']) / 1000,
      clientSuccess: v['client_status'] === 'success',
      failure: v['failure']!,
    });
    byFile.set(v['file']!, rows);
  }
  const of = (file: string): Measured => measure(file, byFile.get(file) ?? []);
  return {
    $comment: 'Derived by `npx tsx notebooks/studies/original-fave/observed.ts` from data/fave/requests.csv; do not edit by hand (the published claims live in observed.ts).',
    source: 'Measurements by Samarth Bhatia, FAVE (FaaS-Agent Video Explorer), https://github.com/SamarthBhatia/FaaS-Agent-Video-Explorer-FAVE-, commit 9183d4c, experiments/results_*.json; see docs/original-fave.md.',
    experiments: EXPERIMENTS.map((e) => ({
      scenario: e.scenario,
      title: e.title,
      measured: of(e.file),
      ...(e.also ? { also: e.also.map((a) => ({ note: a.note, measured: of(a.file) })) } : {}),
      published: e.published,
    })),
  };
}

export const serialize = (o: Observed): string => JSON.stringify(o, null, 1) + '\n';

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  writeFileSync(OBSERVED_JSON, serialize(await deriveObserved()));
  console.log(`written ${OBSERVED_JSON}`);
}
