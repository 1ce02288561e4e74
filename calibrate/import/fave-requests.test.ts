import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv, readCsv } from '../../sim/trace/csv.ts';
import { referenceData } from '../../sim/test/reference-data.ts';
import { parseRequests } from './fave-requests.ts';

const HEADER = 'file,era,label,req_idx,request_id,req_start_offset_s,client_status,duration_ms,response_status,stage_count,stage_ms_total,failure';

describe('parseRequests', () => {
  it('parseRequests(requests.csv) reads every request, with seconds and the stage totals of ok ones', async () => {
    const rows = parseRequests(await readCsv(referenceData('fave/requests.csv')));
    expect(rows).toHaveLength(245);
    const burst = rows.filter((r) => r.file.startsWith('results_burst_cold-burst_5req'));
    expect(burst.map((r) => r.failure)).toEqual(['ok', 'stage-500:stage-ffmpeg-2', 'ok', 'ok', 'ok']);
    expect(burst[0]).toMatchObject({ start: 0, duration: 62.009, stageCount: 7, stageSeconds: 56.077, clientStatus: 'success' });
    expect(burst[1]!.stageSeconds).toBeUndefined();
  });

  it('parseRequests(table) names the file, line and column of a bad value or a repeated request', () => {
    const row = (idx: string, start: string, ms: string, status = 'success') => `f.json,E3,l,${idx},id,${start},${status},${ms},ok,7,100,ok`;
    const cases: [string, string][] = [
      [row('0', '-1', '10'), "r.csv:2: column 'req_start_offset_s' must be a number >= 0, got '-1'"],
      [row('0', '0', 'x'), "r.csv:2: column 'duration_ms' must be a number >= 0, got 'x'"],
      [row('0.5', '0', '10'), "r.csv:2: column 'req_idx' must be an integer >= 0, got '0.5'"],
      [row('0', '0', '10', 'maybe'), "r.csv:2: column 'client_status' must be 'success' or 'failure', got 'maybe'"],
      [`${row('0', '0', '10')}\n${row('0', '1', '10')}`, "r.csv:3: request 0 of 'f.json' appears twice"],
    ];
    for (const [rows, message] of cases) {
      const parse = () => parseRequests(parseCsv(`${HEADER}\n${rows}\n`, 'r.csv'));
      expect(parse).toThrow(CsvError);
      expect(parse).toThrow(message);
    }
    expect(() => parseRequests(parseCsv('file,era\nx,y\n', 'r.csv'))).toThrow("r.csv:1: missing column 'label'");
  });
});
