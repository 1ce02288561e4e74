import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseCsv, readCsv, CsvError } from '../../sim/trace/csv.ts';
import { buildFaveProfile, experimentOf, parseInvocations, PIPELINE_STAGES, type FaveImport } from './fave-csv.ts';
import { parseProfile } from '../../sim/profile/load.ts';
import { createDistribution } from '../../sim/dist/registry.ts';
import { referenceData } from '../../sim/test/reference-data.ts';
import { NODE_MEMORY_MIB } from './fave-memory.ts';

const CSV = referenceData('fave/stage_invocations.csv');
const REQUESTS = referenceData('fave/requests.csv');
const HEADER = 'file,era,label,regime_label,req_idx,request_id,req_start_offset_s,seq,stage,clip_index,frame_index,status,duration_ms,memory_limit_mb,cold_start,cost_unit,cum_stage_ms_before,concurrent_requests_in_file';
const REQ_HEADER = 'file,era,label,req_idx,request_id,req_start_offset_s,client_status,duration_ms,response_status,stage_count,stage_ms_total,failure';

let cached: FaveImport | undefined;
async function real(): Promise<FaveImport> {
  return (cached ??= buildFaveProfile(await readCsv(CSV), await readCsv(REQUESTS)));
}

const median = (fit: { dist: Parameters<typeof createDistribution>[0] }) => createDistribution(fit.dist).quantile(0.5);

describe('buildFaveProfile on the original FAVE data', () => {
  it('buildFaveProfile(FAVE csvs) gives a profile parseProfile accepts, with every pipeline stage and the report in its notes', async () => {
    const { profile, report } = await real();
    expect(() => parseProfile(JSON.parse(JSON.stringify(profile)), 'import')).not.toThrow();
    expect(Object.keys(profile.stages)).toEqual([...PIPELINE_STAGES]);
    expect(report.length).toBeGreaterThan(20);
    for (const line of report) expect(profile.measured.notes).toContain(line);
    expect(profile.node).toEqual({ cores: 8, memoryMB: NODE_MEMORY_MIB });
  });

  // Pinned: a change to the data, the overlap rule or the fits shows up here.
  // [stage, alone warm n, family, warm median s, alone first calls, contention point]
  const PINS: [string, number, string, number, number, [number, number]][] = [
    ['ffmpeg-0', 8, 'lognormal', 1.069, 1, [5, 2.044]],
    ['librosa', 7, 'lognormal', 1.078, 5, [5, 9.848]],
    ['ffmpeg-1', 9, 'weibull', 0.265, 3, [5, 6.763]],
    ['ffmpeg-2', 4, 'lognormal', 1.486, 2, [5, 13.117]],
    ['deepspeech', 4, 'lognormal', 0.063, 2, [4, 31.954]],
    ['ffmpeg-3', 2, 'weibull', 0.313, 3, [4, 7.286]],
    ['object-detector', 1, 'constant', 0.25, 3, [4, 4.28]],
  ];
  it.each(PINS)('buildFaveProfile(FAVE csvs) fits %s from its alone calls: warm n=%i %s, median %f s; %i first calls; contention point %j', async (name, n, family, warmMedian, firstN, [k, s]) => {
    const stage = (await real()).profile.stages[name]!;
    expect(stage.warm.n).toBe(n);
    expect(stage.warm.family).toBe(family);
    expect(median(stage.warm)).toBeCloseTo(warmMedian, 2);
    expect(stage.firstCall.n).toBe(firstN);
    expect(stage.contention).toEqual([{ concurrency: k, slowdown: s }]);
    expect(stage.cpuLimit).toBeUndefined();
  });

  it('buildFaveProfile(FAVE csvs) keeps the librosa first-call penalty of about 9 s', async () => {
    const first = (await real()).profile.stages['librosa']!.firstCall;
    expect(median(first)).toBeCloseTo(9.4, 1);
    expect(first.warning).toBe('only 5 samples: too few to trust');
  });

  it('buildFaveProfile(FAVE csvs) takes the orchestrator overhead from the three alone requests outside the predicted experiments', async () => {
    const { profile, report } = await real();
    const o = profile.overheads!.orchestrator!;
    expect(o.n).toBe(3);
    expect(o.samples!.map((x) => Number(x.toFixed(3)))).toEqual([0.102, 0.194, 0.407]);
    expect(median(o)).toBeCloseTo(0.163, 2);
    const line = report.find((l) => l.startsWith('fit orchestrator'))!;
    expect(line).toContain('E0 full-real-audio-attempt8_1rps_1req 0.102 s over 6 calls');
    expect(line).toContain('E0 final-baseline_1rps_1req');
    expect(line).toContain('E2 warm-verify_0rps_1req');
  });

  it('buildFaveProfile(FAVE csvs) scores the held-out overlapped calls and reports the score', async () => {
    const { profile, report } = await real();
    const heldOut = (profile.measured.plan as { heldOut: Record<string, { n: number; medianRatio: number; rmsLog: number }> }).heldOut;
    expect(heldOut['all']!.n).toBe(58);
    expect(heldOut['all']!.medianRatio).toBeCloseTo(1.15, 2);
    expect(heldOut['all']!.rmsLog).toBeCloseTo(0.67, 2);
    expect(heldOut['E3 warm-steady-5req_0rps_5req']).toMatchObject({ n: 17 });
    expect(heldOut['E3 warm-steady-5req_0rps_5req']!.medianRatio).toBeCloseTo(1.06, 2);
    expect(Object.keys(heldOut).sort()).toEqual(['E1 warm-steady_1rps_60req', 'E2 warm-steady_1rps_20req', 'E2b warm-steady_1rps_20req', 'E3 warm-steady-5req_0rps_5req', 'all']);
    expect(report.some((l) => l.startsWith('held out E3 warm-steady-5req_0rps_5req: n=17') && l.includes('fully reconstructed'))).toBe(true);
    expect(report.some((l) => l.startsWith('not placed') && l.includes('21 calls of 3 requests'))).toBe(true);
  });

  it('buildFaveProfile(FAVE csvs) reads one clip per video and one frame per clip', async () => {
    const fanout = (await real()).profile.fanout!;
    expect(fanout.clipsPerVideo.dist).toEqual({ type: 'constant', value: 1 });
    expect(createDistribution(fanout.framesPerClip.dist).quantile(0.5)).toBeCloseTo(1, 9);
  });

  it('profiles/default.json is what the importer produces from the FAVE csvs', async () => {
    const committed = JSON.parse(await readFile(new URL('../../profiles/default.json', import.meta.url), 'utf8'));
    const fresh = JSON.parse(JSON.stringify((await real()).profile));
    expect(committed).toEqual({ ...fresh, measured: { ...fresh.measured, target: committed.measured.target } });
    expect(() => parseProfile(committed, 'profiles/default.json')).not.toThrow();
  });
});

describe('buildFaveProfile on hand-made tables', () => {
  const inv = (file: string, req: number, seq: number, stage: string, ms: number, cold: boolean, cum: number) =>
    `${file},E3_final,l,warm,${req},id${req},0,${seq},stage-${stage},,,success,${ms},512,${cold ? 'True' : 'False'},0,${cum},`;
  const request = (file: string, idx: number, start: number, ms: number, stageMs: number) =>
    `${file},E3_final,l,${idx},id${idx},${start},success,${ms},ok,7,${stageMs},ok`;

  it('buildFaveProfile() names the requests.csv line whose request_id or cum_stage_ms_before disagrees', () => {
    const f = 'results_steady_x_1rps_1req_1766722655.json';
    const invocations = parseCsv(`${HEADER}\n${inv(f, 0, 0, 'librosa', 1000, false, 0)}\n${inv(f, 0, 1, 'ffmpeg-1', 300, false, 999)}\n`, 'i.csv');
    const requests = parseCsv(`${REQ_HEADER}\n${request(f, 0, 0, 2000, 1300)}\n`, 'r.csv');
    expect(() => buildFaveProfile(invocations, requests)).toThrow(CsvError);
    expect(() => buildFaveProfile(invocations, requests)).toThrow('r.csv:2: cum_stage_ms_before of stage_invocations.csv line 3 is 999, the calls before it add up to 1000');
    const other = parseCsv(`${REQ_HEADER}\n${request(f, 0, 0, 2000, 1300).replace('id0', 'zz')}\n`, 'r.csv');
    expect(() => buildFaveProfile(invocations, other)).toThrow("r.csv:2: request_id 'zz' differs from stage_invocations.csv line 2");
    expect(() => buildFaveProfile(invocations, parseCsv(`${REQ_HEADER}\n`, 'r.csv'))).toThrow("r.csv:1: no request 0 of 'results_steady_x_1rps_1req_1766722655.json'");
  });

  it('experimentOf() names a run by its results file without the pattern and the save time', () => {
    expect(experimentOf('results_burst_cold-burst_5req_1766723247.json')).toBe('cold-burst_5req');
    expect(experimentOf('results_steady_warm-steady_1rps_20req_1766722493.json')).toBe('warm-steady_1rps_20req');
  });
});

describe('parseInvocations', () => {
  it('parseInvocations(table) reports a bad stage, duration or flag with file and line', () => {
    const row = (stage: string, ms: string, cold: string) =>
      `f_1766642067.json,E3,l,r,0,id,0,0,${stage},,,success,${ms},512,${cold},0,0,`;
    const table: [string, string][] = [
      [row('stage-whisper', '10', 'False'), "t.csv:2: column 'stage' must be one of stage-ffmpeg-0"],
      [row('stage-librosa', '-4', 'False'), "t.csv:2: column 'duration_ms' must be a number >= 0, got '-4'"],
      [row('stage-librosa', '', 'False'), "column 'duration_ms' must be a number >= 0, got ''"],
      [row('stage-librosa', '10', 'yes'), "t.csv:2: column 'cold_start' must be 'True' or 'False', got 'yes'"],
    ];
    for (const [line, message] of table) {
      const parse = () => parseInvocations(parseCsv(`${HEADER}\n${line}\n`, 't.csv'));
      expect(parse).toThrow(CsvError);
      expect(parse).toThrow(message);
    }
    expect(() => parseInvocations(parseCsv('file,era\nx,y\n', 't.csv'))).toThrow("t.csv:1: missing column 'label'");
  });
});
