// Re-derives data/fave/stage_invocations.csv and data/fave/requests.csv from the original FAVE's
// experiment results:
//   npx tsx data/derive/fave.ts <clone of SamarthBhatia/FaaS-Agent-Video-Explorer-FAVE-> --out data/fave
// Reads experiments/results_*.json at the pinned commit. Each file is the JSON list the original's
// workload generator wrote: one entry per request, in submission order, with the client's start
// time (`timestamp`, local time), its `status` (`success` when the last attempt got HTTP 2xx and a
// JSON body), the client-side `duration_ms` (every attempt and back-off included) and either the
// orchestrator's response or the client's error. A request succeeded when `response.status` is
// "ok"; only then does the response carry per-stage metrics.
// Outputs, files in the order of the Unix time in their names (when the generator saved them):
//   stage_invocations.csv  one row per stage call of a successful request (linear stages, then each
//                          clip's stages);
//   requests.csv           one row per request of every file, with a failure category (below).
// No text of the source is carried: errors are reduced to the categories of failureOf.
// The text is written as Python's csv module writes it (CRLF, True/False, floats as repr).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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

const STAGE_HEADER = [
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
const REQUEST_HEADER = [
  'file', 'era', 'label', 'req_idx', 'request_id', 'req_start_offset_s', 'client_status', 'duration_ms',
  'response_status', 'stage_count', 'stage_ms_total', 'failure',
];

interface RequestRecord {
  timestamp: string;
  profile: string;
  status: string;
  duration_ms: number;
  response: {
    status?: string;
    request_id?: string;
    message?: unknown;
    error?: unknown;
    result?: { linear: StageResult[]; clips: { stages: StageResult[] }[] };
  };
}

// The failure category of a request, from the generator's status and the response or error text.
// Only the category leaves this function (an error text in the source holds a URL with
// credentials). data/README.md documents the categories.
//   ok                      HTTP 200 from the orchestrator, response status "ok"
//   stage-<code>:<function> HTTP 200, the orchestrator reports that its call to <function> through
//                           the gateway got HTTP <code>
//   state-baddigest         HTTP 200, the orchestrator reports that storing state.json was refused
//                           for a Content-MD5 mismatch (BadDigest)
//   state-enoent            HTTP 200, the orchestrator reports that the temp file it stores
//                           state.json from did not exist (errno 2)
//   orchestrator-other      HTTP 200, any other error the orchestrator reports
//   client-<code>           the generator's last attempt got HTTP <code> for the orchestrator
//   client-timeout          the generator's last attempt timed out
//   client-other            any other client-side failure
function failureOf(req: RequestRecord): string {
  const res = req.response ?? {};
  const text = (v: unknown): string => (typeof v === 'string' ? v : '');
  const httpError = /^(?:Client|Server) error '(\d{3})\b[^']*' for url '[^']*\/function\/([a-z0-9-]+)'/;
  if (req.status === 'success') {
    if (res.status === 'ok') return 'ok';
    const message = text(res.message);
    const m = httpError.exec(message);
    if (m) return `stage-${m[1]}:${m[2]}`;
    if (/\(BadDigest\)/.test(message)) return 'state-baddigest';
    if (/^\[Errno 2\]/.test(message)) return 'state-enoent';
    return 'orchestrator-other';
  }
  const error = text(res.error);
  const m = httpError.exec(error);
  if (m && m[2] === 'orchestrator') return `client-${m[1]}`;
  if (/timed out/i.test(error)) return 'client-timeout';
  return 'client-other';
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

function derive(source: GitSource): { stages: string; requests: string } {
  const boundaries: { era: string; before: number }[] = ERA_COMMITS.map(([era, commit]) => ({ era, before: source.commitTime(commit) }));
  boundaries.push({ era: 'E2b_fix_status_unknown', before: FINAL_SESSION });
  // results_<pattern>_<profile>_..._<Unix time when saved>.json
  const files = source.list(COMMIT, 'experiments').flatMap((path) => {
    const name = path.slice(path.lastIndexOf('/') + 1);
    const m = /^results_(steady|burst)_.*_(\d+)\.json$/.exec(name);
    return m ? [{ path, name, pattern: m[1]!, savedAt: Number(m[2]) }] : [];
  }).sort((a, b) => a.savedAt - b.savedAt);

  const lines = [STAGE_HEADER.join(',')];
  const requestLines = [REQUEST_HEADER.join(',')];
  for (const f of files) {
    const requests = JSON.parse(source.read(COMMIT, f.path).toString('utf8')) as RequestRecord[];
    const era = eraOf(f.savedAt, boundaries);
    const t0 = micros(requests[0]!.timestamp);
    // Only the burst pattern sends every request of the file at once.
    const concurrent = f.pattern === 'burst' ? String(requests.length) : '';
    requests.forEach((req, reqIdx) => {
      const res = req.response;
      const offset = pyFloat(round3((micros(req.timestamp) - t0) / 1e6));
      const called = res?.result ? [...res.result.linear, ...res.result.clips.flatMap((c) => c.stages)] : null;
      const failure = failureOf(req);
      if ((failure === 'ok') !== (res?.status === 'ok' && called !== null)) throw new Error(`${f.name} request ${reqIdx}: status and stage results disagree`);
      requestLines.push([
        f.name, era, req.profile, String(reqIdx), res?.request_id ?? '', offset, req.status, String(req.duration_ms),
        res?.status ?? '', called ? String(called.length) : '', called ? String(called.reduce((a, s) => a + s.metrics.duration_ms, 0)) : '',
        failure,
      ].map(csvField).join(','));
      if (failure !== 'ok' || !called) return;
      const regime = req.profile.startsWith('warm') ? 'warm' : req.profile.startsWith('cold') ? 'cold' : 'unlabelled';
      let before = 0;
      called.forEach((s, seq) => {
        const m = s.metrics;
        const row = [
          f.name, era, req.profile, regime, String(reqIdx), res!.request_id!, offset,
          String(seq), s.stage, s.clip_index == null ? '' : String(s.clip_index), s.frame_index == null ? '' : String(s.frame_index),
          s.status, String(m.duration_ms), String(m.memory_limit_mb), m.cold_start ? 'True' : 'False', pyFloat(m.cost_unit),
          String(before), concurrent,
        ];
        lines.push(row.map(csvField).join(','));
        before += m.duration_ms;
      });
    });
  }
  const crlf = (ls: string[]): string => ls.map((l) => `${l}\r\n`).join('');
  return { stages: crlf(lines), requests: crlf(requestLines) };
}

const { source, out } = sourceAndOut('usage: npx tsx data/derive/fave.ts <clone of SamarthBhatia/FaaS-Agent-Video-Explorer-FAVE-> --out data/fave');
const { stages, requests } = derive(source);
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'stage_invocations.csv'), stages);
writeFileSync(join(out, 'requests.csv'), requests);
const rows = (text: string): number => text.split('\r\n').length - 2;
console.log(`wrote ${join(out, 'stage_invocations.csv')}: ${rows(stages)} stage calls; ${join(out, 'requests.csv')}: ${rows(requests)} requests`);
