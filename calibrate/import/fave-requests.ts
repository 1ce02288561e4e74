// Reads the original FAVE's requests.csv (data/README.md, "fave/requests.csv"): one row per
// request of every results file, failed ones included. The importer needs it for what the
// stage calls alone cannot say: which requests were in flight together (start offset + the
// client's duration), and how much of a request's time was spent outside stage handlers.
import { CsvError, type CsvTable } from '../../sim/trace/csv.ts';

export interface FaveRequest {
  line: number;
  file: string;
  era: string;
  label: string;
  reqIdx: number;
  /** The orchestrator's id of the last attempt; empty when the client got no response body. */
  requestId: string;
  /** Seconds after the file's first request started. */
  start: number;
  /** Client side, seconds: first attempt's start to last attempt's end, back-off included. */
  duration: number;
  clientStatus: 'success' | 'failure';
  /** 'ok' | 'error' | '' (no response). */
  responseStatus: string;
  /** Stage results an ok response carries, and the sum of their handler times (seconds). */
  stageCount?: number;
  stageSeconds?: number;
  failure: string;
}

const REQUIRED = ['file', 'era', 'label', 'req_idx', 'request_id', 'req_start_offset_s', 'client_status', 'duration_ms', 'response_status', 'stage_count', 'stage_ms_total', 'failure'];

export function parseRequests(table: CsvTable): FaveRequest[] {
  for (const col of REQUIRED) {
    if (!table.header.includes(col)) throw new CsvError(table.file, 1, `missing column '${col}' (need ${REQUIRED.join(', ')})`);
  }
  const seen = new Set<string>();
  return table.rows.map(({ line, values: v }) => {
    const bad = (col: string, want: string): never => {
      throw new CsvError(table.file, line, `column '${col}' must be ${want}, got '${v[col]}'`);
    };
    const num = (col: string, min: number): number => {
      const x = Number(v[col]);
      return v[col] !== '' && Number.isFinite(x) && x >= min ? x : bad(col, `a number >= ${min}`);
    };
    const optional = (col: string): number | undefined => (v[col] === '' ? undefined : num(col, 0));
    const reqIdx = num('req_idx', 0);
    if (!Number.isInteger(reqIdx)) bad('req_idx', 'an integer >= 0');
    const key = `${v['file']}#${reqIdx}`;
    if (seen.has(key)) throw new CsvError(table.file, line, `request ${reqIdx} of '${v['file']}' appears twice`);
    seen.add(key);
    const clientStatus = v['client_status'];
    if (clientStatus !== 'success' && clientStatus !== 'failure') bad('client_status', "'success' or 'failure'");
    const r: FaveRequest = {
      line,
      file: v['file']!,
      era: v['era']!,
      label: v['label']!,
      reqIdx,
      requestId: v['request_id']!,
      start: num('req_start_offset_s', 0),
      duration: num('duration_ms', 0) / 1000,
      clientStatus: clientStatus as FaveRequest['clientStatus'],
      responseStatus: v['response_status']!,
      failure: v['failure']!,
    };
    const count = optional('stage_count');
    const total = optional('stage_ms_total');
    if (count !== undefined) r.stageCount = count;
    if (total !== undefined) r.stageSeconds = total / 1000;
    return r;
  });
}
