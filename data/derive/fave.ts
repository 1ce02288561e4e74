// Re-derives data/fave/stage_invocations.csv from the original FAVE's experiment results:
//   npx tsx data/derive/fave.ts <clone of SamarthBhatia/FaaS-Agent-Video-Explorer-FAVE-> --out data/fave/stage_invocations.csv
// Reads experiments/results_*.json at the pinned commit. Each file is the JSON list the original's
// workload generator wrote: one entry per request, in submission order, with the client's start
// time (`timestamp`, local time) and the orchestrator's response. A request succeeded when
// `response.status` is "ok"; only then does the response carry per-stage metrics.
// Output: one row per stage call of a successful request (linear stages, then each clip's stages),
// files in the order of the Unix time in their names (when the generator saved them).
// The text is written as Python's csv module writes it (CRLF, True/False, floats as repr).
import { writeFileSync } from 'node:fs';
import { sourceAndOut, type GitSource } from './git-source.ts';

const COMMIT = '9183d4c86f489d688022f2dd164ea360127b45f6'; // the repository's head (2025-12-26)

// Eras: what the code looked like when a file was saved (the Unix time in its name), from the
// repository's history. Each boundary is the committer time of the commit that brought the change:
//   E0_single_thread        before 6f02e14 (function runtime becomes a ThreadingHTTPServer)
//   E1_initial_experiments  before bfa1ffe (300 s function timeouts, client retries 3x on 500/502/504)
//   E2_timeouts_300s        before 6de3141 (gateway and queue worker patched to 300 s; status.md)
//   E2b_fix_status_unknown  before 2025-12-26T00:00+05:30, the final session in status.md at
//                           9183d4c, whose first step is the in-memory S3 upload fix; runs after
//                           6de3141 but before that session may or may not have had the fix
//   E3_final                from then on (in-memory uploads)
const ERA_COMMITS = [
  ['E0_single_thread', '6f02e14f315bd4e879eeaf9b4edab92bb5a7f1b2'],
  ['E1_initial_experiments', 'bfa1ffe5c5ab26aeddc58591e63c285f83bb8570'],
  ['E2_timeouts_300s', '6de3141242b4ba967ab3bd8ac433345ceef83eae'],
] as const;
const FINAL_SESSION = Date.parse('2025-12-26T00:00:00+05:30') / 1000;

const HEADER = [
  'file', 'era', 'label', 'regime_label', 'req_idx', 'request_id', 'req_start_offset_s', 'seq', 'stage', 'clip_index',
  'frame_index', 'status', 'duration_ms', 'memory_limit_mb', 'cold_start', 'cost_unit', 'cum_stage_ms_before',
  'concurrent_requests_in_file',
];

interface StageResult {
  stage: string;
  status: string;
  clip_index?: number | null;
  frame_index?: number | null;
  metrics: { duration_ms: number; memory_limit_mb: number; cold_start: boolean; cost_unit: number };
}
interface RequestRecord {
  timestamp: string;
  profile: string;
  response: { status?: string; request_id?: string; result?: { linear: StageResult[]; clips: { stages: StageResult[] }[] } };
}

function eraOf(savedAt: number, boundaries: { era: string; before: number }[]): string {
  for (const b of boundaries) if (savedAt < b.before) return b.era;
  return 'E3_final';
}

// Microseconds since an arbitrary origin for a naive ISO time such as 2025-12-25T11:24:16.536821;
// only differences are used, so the missing time zone does not matter.
function micros(iso: string): number {
  const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,6}))?$/.exec(iso);
  if (!m) throw new Error(`unexpected timestamp '${iso}'`);
  const [, y, mo, d, h, mi, s, frac = ''] = m;
  return Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!) * 1000 + Number(frac.padEnd(6, '0'));
}

// Python's round(x, 3): the exact binary value rounded to 3 decimals, an exact tie to even.
// toFixed rounds the exact value too but breaks a tie upward; a tie is only possible when x is an
// odd multiple of 1/16 (x * 16 is exact).
function round3(x: number): number {
  const fixed = Number(x.toFixed(3));
  if (!Number.isInteger(x * 16) || Number.isInteger(x * 1000)) return fixed;
  const down = Math.floor(x * 1000);
  return (down % 2 === 0 ? down : down + 1) / 1000;
}

// Python's repr of a float: shortest round trip like JavaScript's, but with '.0' on whole numbers.
function pyFloat(x: number): string {
  const s = String(x);
  if (/e/.test(s)) throw new Error(`no exponent form expected here, got ${s}`);
  return Number.isInteger(x) ? `${s}.0` : s;
}

const csvField = (v: string): string => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

function derive(source: GitSource): string {
  const boundaries: { era: string; before: number }[] = ERA_COMMITS.map(([era, commit]) => ({ era, before: source.commitTime(commit) }));
  boundaries.push({ era: 'E2b_fix_status_unknown', before: FINAL_SESSION });
  // results_<pattern>_<profile>_..._<Unix time when saved>.json
  const files = source.list(COMMIT, 'experiments').flatMap((path) => {
    const name = path.slice(path.lastIndexOf('/') + 1);
    const m = /^results_(steady|burst)_.*_(\d+)\.json$/.exec(name);
    return m ? [{ path, name, pattern: m[1]!, savedAt: Number(m[2]) }] : [];
  }).sort((a, b) => a.savedAt - b.savedAt);

  const lines = [HEADER.join(',')];
  for (const f of files) {
    const requests = JSON.parse(source.read(COMMIT, f.path).toString('utf8')) as RequestRecord[];
    const era = eraOf(f.savedAt, boundaries);
    const t0 = micros(requests[0]!.timestamp);
    // Only the burst pattern sends every request of the file at once.
    const concurrent = f.pattern === 'burst' ? String(requests.length) : '';
    requests.forEach((req, reqIdx) => {
      const res = req.response;
      if (res?.status !== 'ok' || !res.result) return;
      const regime = req.profile.startsWith('warm') ? 'warm' : req.profile.startsWith('cold') ? 'cold' : 'unlabelled';
      const stages = [...res.result.linear, ...res.result.clips.flatMap((c) => c.stages)];
      let before = 0;
      stages.forEach((s, seq) => {
        const m = s.metrics;
        const row = [
          f.name, era, req.profile, regime, String(reqIdx), res.request_id!, pyFloat(round3((micros(req.timestamp) - t0) / 1e6)),
          String(seq), s.stage, s.clip_index == null ? '' : String(s.clip_index), s.frame_index == null ? '' : String(s.frame_index),
          s.status, String(m.duration_ms), String(m.memory_limit_mb), m.cold_start ? 'True' : 'False', pyFloat(m.cost_unit),
          String(before), concurrent,
        ];
        lines.push(row.map(csvField).join(','));
        before += m.duration_ms;
      });
    });
  }
  return lines.map((l) => `${l}\r\n`).join('');
}

const { source, out } = sourceAndOut('usage: npx tsx data/derive/fave.ts <clone of SamarthBhatia/FaaS-Agent-Video-Explorer-FAVE-> --out data/fave/stage_invocations.csv');
const text = derive(source);
writeFileSync(out, text);
console.log(`wrote ${out}: ${text.split('\r\n').length - 2} stage calls`);
