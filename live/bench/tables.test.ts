// bench:live's and bench:stages' tables: within 100 columns by default however long the names
// (a workflow's stage, a path, an answer), every column in the legend, --wide for the rest.
import { describe, expect, it } from 'vitest';
import type { PipelineBenchRow } from './stages/pipeline-bench.ts';
import type { StageBenchRow } from './stages/stage-bench.ts';
import { coldTable, hopTable, pipelineStagesTable, pipelineTable, stageTable } from './tables.ts';

const widest = (text: string) => Math.max(...text.split('\n').map((l) => [...l].length));
const LONG = 'a-stage-name-long-enough-to-need-wrapping-object-detector-with-ocr-and-more';

const stage = (name: string): StageBenchRow => ({ stage: name, startMs: 123456.7, initMs: 98765.4, firstCallMs: 54321, coldTotalMs: 177777.7, warmMedianMs: 4321.1, warmCalls: 5, firstCallPenaltyMs: 49999.9 });
const stageMs = Object.fromEntries(['ffmpeg-0', 'librosa', 'ffmpeg-1', 'ffmpeg-2', 'deepspeech', 'ffmpeg-3', 'object-detector', LONG].map((n, i) => [n, 1000 * (i + 1) + 0.5]));
const pipeline = (label: string): PipelineBenchRow => ({ label, fanout: 'sequential', runs: 3, medianMs: 812345, minMs: 801234, clips: 1234, frames: 56789, stageMs });
const pipelines = [pipeline('cold'), pipeline('warm-sequential'), pipeline('warm-parallel'), pipeline(`warm-${LONG}`)];

const tables: Record<string, (wide: boolean) => string> = {
  hop: (wide) => hopTable({ 'direct to the replica': { n: 300, p50: 0.51, p99: 2.2 }, [`gateway + provider + ${LONG}`]: { n: 300, p50: 1234.56, p99: 98765.43 } }, 'direct to the replica', { wide }),
  pipeline: (wide) => pipelineTable(`Whole pipeline through the embedded gateway, with a caption long enough to wrap at a hundred columns (30 s fixture):`, pipelines, { wide }),
  'pipeline stages': (wide) => pipelineStagesTable(pipelines, { wide }),
  stage: (wide) => stageTable([stage('ffmpeg-0'), stage(LONG)], { wide }),
  cold: (wide) => coldTable([{ fn: LONG, ms: [12345.6, 23456.7, 34567.8, 45678.9], answer: `400 bad-input: ${LONG}` }], { wide }),
};

describe('bench tables', () => {
  it.each(Object.keys(tables))('the %s table fits 100 columns with long names, and names every column in its legend', (name) => {
    const text = tables[name]!(false);
    expect(widest(text)).toBeLessThanOrEqual(100);
    expect(text).toContain(LONG.slice(0, 10)); // the long name is there, wrapped
    expect(text).not.toContain('\x1b');
  });

  it('stageTable and coldTable leave a column to --wide and say so; with --wide it is there', () => {
    expect(tables['stage']!(false)).toContain('--wide adds: warm calls');
    expect(tables['stage']!(true)).toMatch(/warm\s*\n?.*calls/);
    expect(tables['stage']!(true)).not.toContain('--wide adds');
    expect(tables['cold']!(false)).toContain('--wide adds: each s');
    expect(tables['cold']!(true)).toContain('12.35, 23.46');
    expect(tables['pipeline']!(false)).not.toContain('801.23');
    expect(tables['pipeline']!(true)).toContain('801.23');
  });

  it('every column head is explained in the legend under its table', () => {
    // The heads, flattened as the legend writes them ('first\ncall s' → 'first call s').
    const heads: Record<string, string[]> = {
      hop: ['path', 'calls', 'p50 ms', 'p99 ms', 'p50 over direct ms'],
      pipeline: ['pipeline run', 'fan-out', 'runs', 'median s', 'min s', 'clips', 'frames'],
      stage: ['stage', 'start+init s', 'init s', 'first call s', 'cold total s', 'warm median s', 'warm calls', 'first-call penalty s'],
      cold: ['function', 'runs', 'median s', 'max s', 'each s', 'answer'],
    };
    for (const [name, list] of Object.entries(heads)) {
      // The legend: what follows the table's last row (after the rule under the head).
      const text = tables[name]!(true);
      const flat = text.slice(text.lastIndexOf('─')).split('\n').slice(1).join('\n').replace(/\n\s*/g, ' ');
      for (const head of list) expect(flat, `${name}: ${head}`).toMatch(new RegExp(`${head.replace(/[+.]/g, '\\$&')}(,|:| \\()`));
    }
  });

  it('pipelineStagesTable has a row per stage and a column per kind of run, – where a stage was not called', () => {
    const text = pipelineStagesTable([pipeline('cold'), { ...pipeline('warm'), stageMs: { 'ffmpeg-0': 2500 } }]);
    expect(text).toMatch(/^ffmpeg-0 +1\.00 +2\.50$/m);
    expect(text).toMatch(/^librosa +2\.00 +–$/m);
    expect(text).toMatch(/^stage +cold s +warm s$/m);
  });
});
