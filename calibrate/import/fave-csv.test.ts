import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseCsv, readCsv, CsvError } from '../../sim/trace/csv.ts';
import { buildFaveProfile, parseInvocations, PIPELINE_STAGES } from './fave-csv.ts';
import { parseProfile } from '../../sim/profile/load.ts';
import { createDistribution } from '../../sim/dist/registry.ts';
import { referenceData } from '../../sim/test/reference-data.ts';

const CSV = referenceData('fave/stage_invocations.csv');
const HEADER = 'file,era,label,regime_label,req_idx,request_id,req_start_offset_s,seq,stage,clip_index,frame_index,status,duration_ms,memory_limit_mb,cold_start,cost_unit,cum_stage_ms_before,concurrent_requests_in_file';

describe('buildFaveProfile', () => {
  it('buildFaveProfile(FAVE csv) gives a profile parseProfile accepts, with every pipeline stage', async () => {
    const profile = buildFaveProfile(await readCsv(CSV));
    expect(() => parseProfile(JSON.parse(JSON.stringify(profile)), 'import')).not.toThrow();
    expect(Object.keys(profile.stages)).toEqual([...PIPELINE_STAGES]);
    expect(profile.measured.notes!.length).toBeGreaterThan(10);
  });

  it('buildFaveProfile(FAVE csv) fits warm times whose medians lie inside the measured range of each stage', async () => {
    const table = await readCsv(CSV);
    const calls = parseInvocations(table);
    const profile = buildFaveProfile(table);
    for (const name of PIPELINE_STAGES) {
      const warm = calls.filter((c) => c.stage === name && !c.firstCall && c.concurrency === 1 && c.seconds > 0).map((c) => c.seconds);
      const fit = profile.stages[name]!.warm;
      expect(fit.n, name).toBe(warm.length);
      const median = createDistribution(fit.dist).quantile(0.5);
      expect(median, name).toBeGreaterThan(Math.min(...warm));
      expect(median, name).toBeLessThan(Math.max(...warm));
      expect(['lognormal', 'gamma', 'weibull', 'exponential'], name).toContain(fit.family);
    }
  });

  it('buildFaveProfile(FAVE csv) keeps the librosa first-call penalty of several seconds the original reported', async () => {
    const first = buildFaveProfile(await readCsv(CSV)).stages['librosa']!.firstCall;
    const median = createDistribution(first.dist).quantile(0.5);
    expect(median).toBeGreaterThan(7);
    expect(median).toBeLessThan(15);
    expect(first.warning).toBe('only 5 samples: too few to trust');
  });

  it('buildFaveProfile(FAVE csv) reads one clip per video and one frame per clip', async () => {
    const { fanout } = buildFaveProfile(await readCsv(CSV));
    expect(fanout.clipsPerVideo.dist).toEqual({ type: 'constant', value: 1 });
    expect(createDistribution(fanout.framesPerClip.dist).quantile(0.5)).toBeCloseTo(1, 9);
  });

  it('profiles/default.json is what the importer produces from the FAVE csv', async () => {
    const committed = JSON.parse(await readFile(new URL('../../profiles/default.json', import.meta.url), 'utf8'));
    const fresh = JSON.parse(JSON.stringify(buildFaveProfile(await readCsv(CSV))));
    expect(committed).toEqual({ ...fresh, measured: { ...fresh.measured, target: committed.measured.target } });
    expect(() => parseProfile(committed, 'profiles/default.json')).not.toThrow();
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
