// Reads the original FAVE's stage_invocations.csv (data/README.md, "fave/stage_invocations.csv"):
// one row per stage call of a successful request, with its handler time, whether it was its
// process's first completed call, and where it sits in its request (the request's position
// in its file, the call's position in the request and the handler seconds before it).
import { CsvError, type CsvTable } from '../../sim/trace/csv.ts';

/** The VideoSearcher stages in pipeline order; the CSV names them `stage-<name>`. */
export const PIPELINE_STAGES = ['ffmpeg-0', 'librosa', 'ffmpeg-1', 'ffmpeg-2', 'deepspeech', 'ffmpeg-3', 'object-detector'] as const;

export interface Invocation {
  line: number;
  request: string; // result file + request id: ids are only unique within a file
  file: string;
  /** The run's profile name (e.g. cold-burst_5req): which experiment the call belongs to. */
  label: string;
  /** Position of the request in its file (failed requests counted): joins requests.csv. */
  reqIdx: number;
  /** Position of the call in its request, and the handler seconds of the calls before it. */
  seq: number;
  cumBefore: number;
  era: string;
  stage: string;
  clip?: number;
  frame?: number;
  seconds: number;
  firstCall: boolean;
  concurrency: number;
}

const REQUIRED = ['file', 'era', 'label', 'req_idx', 'request_id', 'seq', 'stage', 'clip_index', 'frame_index', 'duration_ms', 'cold_start', 'cum_stage_ms_before', 'concurrent_requests_in_file'];

export function parseInvocations(table: CsvTable): Invocation[] {
  for (const col of REQUIRED) {
    if (!table.header.includes(col)) throw new CsvError(table.file, 1, `missing column '${col}' (need ${REQUIRED.join(', ')})`);
  }
  return table.rows.map(({ line, values: v }) => {
    const bad = (col: string, want: string): never => {
      throw new CsvError(table.file, line, `column '${col}' must be ${want}, got '${v[col]}'`);
    };
    const stage = v['stage']!.replace(/^stage-/, '');
    if (!(PIPELINE_STAGES as readonly string[]).includes(stage)) bad('stage', `one of stage-${PIPELINE_STAGES.join(', stage-')}`);
    const ms = Number(v['duration_ms']);
    if (v['duration_ms'] === '' || !Number.isFinite(ms) || ms < 0) bad('duration_ms', 'a number >= 0');
    const cold = v['cold_start'];
    if (cold !== 'True' && cold !== 'False') bad('cold_start', "'True' or 'False'");
    const index = (col: string): number | undefined => {
      if (v[col] === '') return undefined;
      const i = Number(v[col]);
      return Number.isInteger(i) && i >= 0 ? i : bad(col, 'empty or an integer >= 0');
    };
    const conc = v['concurrent_requests_in_file'] === '' ? 1 : Number(v['concurrent_requests_in_file']);
    if (!Number.isInteger(conc) || conc < 1) bad('concurrent_requests_in_file', 'empty or an integer >= 1');
    const count = (col: string): number => {
      const i = Number(v[col]);
      return v[col] !== '' && Number.isInteger(i) && i >= 0 ? i : bad(col, 'an integer >= 0');
    };
    const cum = Number(v['cum_stage_ms_before']);
    if (v['cum_stage_ms_before'] === '' || !Number.isFinite(cum) || cum < 0) bad('cum_stage_ms_before', 'a number >= 0');
    const inv: Invocation = {
      line,
      request: `${v['file']}#${v['request_id']}`,
      file: v['file']!,
      label: v['label']!,
      reqIdx: count('req_idx'),
      seq: count('seq'),
      cumBefore: cum / 1000,
      era: v['era']!,
      stage,
      seconds: ms / 1000,
      firstCall: cold === 'True',
      concurrency: conc,
    };
    const clip = index('clip_index');
    const frame = index('frame_index');
    if (clip !== undefined) inv.clip = clip;
    if (frame !== undefined) inv.frame = frame;
    return inv;
  });
}
