// The tables `./fave bench:live` and `./fave bench:stages` print, drawn by the shared table
// module (sim/terminal/table.ts): within 100 columns by default, names wrapping in their cell,
// a legend under each table saying what every column is, --wide for the columns marked wide.
// Pure: the numbers in, the text out, so a test can hold each table to 100 columns.
import { median } from 'd3-array';
import { fitText, hiddenNote, renderTable, wrapCell, type Column } from '../../sim/terminal/table.ts';
import type { ColdRow } from './cold.ts';
import type { Percentiles } from './hop.ts';
import type { PipelineBenchRow } from './stages/pipeline-bench.ts';
import type { StageBenchRow } from './stages/stage-bench.ts';

export interface BenchTableOptions {
  wide?: boolean;
  colour?: boolean;
}

const ms = (x: number) => x.toFixed(2);
const s = (x: number) => (x / 1000).toFixed(2);

/** A caption, the table, its legend and what --wide would add, fitted to 100 columns. */
function block(caption: string, columns: Column[], rows: string[][], legend: string, o: BenchTableOptions): string {
  const wide = o.wide === true;
  const lines = [fitText(caption), renderTable(columns, rows, { wide, colour: o.colour }), fitText(legend)];
  const hidden = hiddenNote(columns, wide);
  if (hidden) lines.push(hidden);
  return lines.join('\n');
}

const HOP_COLUMNS: Column[] = [
  { title: 'path', wrap: true },
  { title: 'calls', align: 'right' },
  { title: 'p50 ms', align: 'right' },
  { title: 'p99 ms', align: 'right' },
  { title: 'p50 over\ndirect ms', align: 'right' },
];

/** Gateway hop overhead: one row per path, `direct` the path the others are compared with. */
export function hopTable(hops: Record<string, Percentiles>, direct: string, o: BenchTableOptions = {}): string {
  const base = hops[direct]?.p50 ?? NaN;
  const rows = Object.entries(hops).map(([name, h]) => [name, String(h.n), ms(h.p50), ms(h.p99), ms(h.p50 - base)]);
  return block(
    'Gateway hop overhead (a trivial call to live/testfn, keep-alive connections):',
    HOP_COLUMNS,
    rows,
    `path: where the call goes; calls: calls timed on it; p50 ms, p99 ms: the median and 99th percentile of their client-side latency; p50 over direct ms: the median less the median of "${direct}", what the hops add.`,
    o,
  );
}

const PIPELINE_COLUMNS: Column[] = [
  { title: 'pipeline run', wrap: true },
  { title: 'fan-out' },
  { title: 'runs', align: 'right' },
  { title: 'median s', align: 'right' },
  { title: 'min s', align: 'right', wide: true },
  { title: 'clips', align: 'right' },
  { title: 'frames', align: 'right' },
];
const PIPELINE_LEGEND =
  'pipeline run: which runs (cold: fresh replicas; warm: after a warm-up); fan-out: clips and frames one after another (sequential) or at once (parallel); runs: runs timed; median s, min s: their wall time, client-side through the gateway; clips, frames: the clips cut and frames sampled in one run.';

/** Whole pipeline runs through the gateway: one row per kind of run. */
export function pipelineTable(caption: string, pipelines: PipelineBenchRow[], o: BenchTableOptions = {}): string {
  const rows = pipelines.map((p) => [p.label, p.fanout, String(p.runs), s(p.medianMs), s(p.minMs), String(p.clips), String(p.frames)]);
  return block(caption, PIPELINE_COLUMNS, rows, PIPELINE_LEGEND, o);
}

/**
 * Each stage's share of the pipeline runs: a row per stage, a column per kind of run (so the
 * table stays narrow however many stages a workflow has). Stages in the order first seen.
 */
export function pipelineStagesTable(pipelines: PipelineBenchRow[], o: BenchTableOptions = {}): string {
  const stages = [...new Set(pipelines.flatMap((p) => Object.keys(p.stageMs)))];
  // A kind of run's head over lines of at most 18 (a cell's numbers are 6 or so wide).
  const head = (label: string) => wrapCell(`${label} s`, 18).join('\n');
  const columns: Column[] = [{ title: 'stage', wrap: true }, ...pipelines.map((p) => ({ title: head(p.label), align: 'right' as const }))];
  const rows = stages.map((name) => [name, ...pipelines.map((p) => (p.stageMs[name] === undefined ? '–' : s(p.stageMs[name]!)))]);
  return block(
    'Per stage within those runs:',
    columns,
    rows,
    "stage: the function called; each other column: a kind of run above, and the summed client-side latency of the stage's calls in its median run, s (– : not called).",
    o,
  );
}

const STAGE_COLUMNS: Column[] = [
  { title: 'stage', wrap: true },
  { title: 'start+\ninit s', align: 'right' },
  { title: 'init s', align: 'right' },
  { title: 'first\ncall s', align: 'right' },
  { title: 'cold\ntotal s', align: 'right' },
  { title: 'warm\nmedian s', align: 'right' },
  { title: 'warm\ncalls', align: 'right', wide: true },
  { title: 'first-call\npenalty s', align: 'right' },
];

/** Per stage, straight to one fresh process: cold and warm latency. */
export function stageTable(stages: StageBenchRow[], o: BenchTableOptions = {}): string {
  const rows = stages.map((r) => [r.stage, s(r.startMs), s(r.initMs), s(r.firstCallMs), s(r.coldTotalMs), s(r.warmMedianMs), String(r.warmCalls), s(r.firstCallPenaltyMs)]);
  return block(
    'Per stage, direct HTTP to one fresh process (30 s fixture; clip 0, frame 0):',
    STAGE_COLUMNS,
    rows,
    "stage: the stage, run as its own process; start+init s: spawn to the first /_/health 200 (node, tsx, imports, the stage's init); init s: of that, the stage's own init (its telemetry); first call s: the first call on the fresh process; cold total s: start+init plus first call, what a request meeting a fresh replica waits; warm median s: the median of the warm calls that follow (warm calls: how many); first-call penalty s: first call less warm median.",
    o,
  );
}

const COLD_COLUMNS: Column[] = [
  { title: 'function', wrap: true },
  { title: 'runs', align: 'right' },
  { title: 'median s', align: 'right' },
  { title: 'max s', align: 'right' },
  { title: 'each s', wrap: true, wide: true },
  { title: 'answer', wrap: true },
];

/** Scale from zero through the gateway, per function. */
export function coldTable(cold: ColdRow[], o: BenchTableOptions = {}): string {
  const rows = cold.map((r) => [r.fn, String(r.ms.length), s(median(r.ms) ?? NaN), s(Math.max(...r.ms)), r.ms.map(s).join(', '), r.answer]);
  return block(
    "Scale from zero through the gateway (readiness probe 2 s / 2 s; first call, empty body → the stage's own bad-input answer once init is done):",
    COLD_COLUMNS,
    rows,
    'function: the function scaled from zero; runs: times it was; median s, max s: client-side latency of the call that woke it (each s: every one); answer: the last answer, HTTP status and the stage\'s error cause.',
    o,
  );
}
