// Derives profiles/video-analytics-sebs-flow.json and profiles/image-recognition-sebs.json
// from the published measurements they cite (profiles/literature/README.md says which file,
// column and formula gives each number). Reads the two artifact repositories' committed
// CSV files through git, so any clone works (no work tree needed):
//   npx tsx profiles/literature/derive.ts <sebs-flow-artifact.git> <serverless-benchmarks-artifact.git>
// Fits: a sample measured directly (a warm time, a Lambda Init duration) gets a log-normal
// by the mean and standard deviation of its logs; a quantity only measured as a difference
// of two independent samples (cold minus warm) gets a log-normal with the difference's mean
// and variance (mean(a) − mean(b), var(a) − var(b)).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [flowRepo, sebsRepo] = process.argv.slice(2);
if (!flowRepo || !sebsRepo) throw new Error('usage: derive.ts <spcl/sebs-flow-artifact git dir> <spcl/serverless-benchmarks-artifact git dir>');
const FLOW = { repo: 'https://github.com/spcl/sebs-flow-artifact', commit: '7dfd498', dir: flowRepo };
const SEBS = { repo: 'https://github.com/spcl/serverless-benchmarks-artifact', commit: '22e8134', dir: sebsRepo };
const out = join(dirname(fileURLToPath(import.meta.url)), '..');

type Row = Record<string, string>;
function csv(src: { dir: string; commit: string }, path: string): Row[] {
  const text = execFileSync('git', ['--git-dir', src.dir, 'show', `${src.commit}:${path}`], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const [head, ...lines] = text.trim().split(/\r?\n/);
  const keys = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [keys[i]!, v])));
}
const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
const variance = (x: number[]) => mean(x.map((v) => (v - mean(x)) ** 2));
const r6 = (x: number) => Math.round(x * 1e6) / 1e6;

interface Fit { dist: { type: 'lognormal'; mu: number; sigma: number }; family: string; n: number; warning: string }
/** Log-normal by the moments of the logs of `x` (all > 0). */
function logFit(x: number[], source: string): Fit {
  const logs = x.map(Math.log);
  return { dist: { type: 'lognormal', mu: r6(mean(logs)), sigma: r6(Math.sqrt(variance(logs))) }, family: 'lognormal', n: x.length, warning: `from published measurements: ${source}` };
}
/** Log-normal with mean(a) − mean(b) and variance var(a) − var(b) (a, b independent). */
function diffFit(a: number[], b: number[], source: string): Fit {
  const m = mean(a) - mean(b);
  const v = Math.max(variance(a) - variance(b), (0.05 * m) ** 2); // never a spread below 5% of the mean
  if (!(m > 0)) throw new Error(`diffFit: non-positive difference ${m} (${source})`);
  const s2 = Math.log(1 + v / (m * m));
  return { dist: { type: 'lognormal', mu: r6(Math.log(m) - s2 / 2), sigma: r6(Math.sqrt(s2)) }, family: 'lognormal (moments of a difference)', n: Math.min(a.length, b.length), warning: `derived from published measurements: ${source}` };
}
const num = (r: Row, k: string) => Number(r[k]);

// ---- SeBS-Flow 650.vid on AWS (2024, 2048 MB): decode → analyse × 2 → summarize --------
const flowFile = (mode: string) => `perf-cost/650.vid/aws/2024/${mode}_2048_processed.csv`;
const warm = csv(FLOW, flowFile('warm'));
const burst = csv(FLOW, flowFile('burst'));
const cite = (file: string, what: string) => `${FLOW.repo} @${FLOW.commit} ${file}: ${what}`;
const exec = (rows: Row[], fn: string, cold: boolean) => rows.filter((r) => r.func === fn && r.is_cold === (cold ? 'True' : 'False')).map((r) => num(r, 'provider.execution_duration') / 1e6);
const initOf = (fn: string) => burst.filter((r) => r.func === fn && r.is_cold === 'True').map((r) => num(r, 'provider.init_duration') / 1e6);
/** Seconds from the end of `from` (the last of its calls) to the start of `to`'s calls, per request. */
function gaps(rows: Row[], from: string, to: string, cold: boolean): number[] {
  const byReq = new Map<string, Row[]>();
  for (const r of rows) byReq.set(r.request_id!, [...(byReq.get(r.request_id!) ?? []), r]);
  const g: number[] = [];
  for (const rs of byReq.values()) {
    const end = Math.max(...rs.filter((r) => r.func === from).map((r) => num(r, 'end')));
    for (const r of rs) if (r.func === to && r.is_cold === (cold ? 'True' : 'False')) g.push(num(r, 'start') - end);
  }
  return g;
}
const fanout = new Set([...warm, ...burst].filter((r) => r.func === 'analyse').map((r) => r.request_id)).size;
const analyses = [...warm, ...burst].filter((r) => r.func === 'analyse').length;
if (analyses !== 2 * fanout) throw new Error(`650.vid: expected 2 analyse calls per request, got ${analyses} over ${fanout}`);
const warmGap = { analyse: gaps(warm, 'decode', 'analyse', false), summarize: gaps(warm, 'analyse', 'summarize', false) };
const coldGap = { analyse: gaps(burst, 'decode', 'analyse', true), summarize: gaps(burst, 'analyse', 'summarize', true) };
// Sandbox start (before Init): a cold transition's gap less a warm one's, less the Init.
function sandbox(fn: 'analyse' | 'summarize'): Fit {
  const extra = coldGap[fn].map((g) => g);
  const warmPlusInit = warmGap[fn].map((g) => g + mean(initOf(fn)));
  const f = diffFit(extra, warmPlusInit, cite(flowFile('burst') + ' and ' + flowFile('warm'), `start of a cold ${fn} less the end of its predecessor (n=${extra.length}), less the same gap when warm (n=${warmGap[fn].length}), less ${fn}'s mean provider.init_duration`));
  return f;
}
const flowStage = (fn: 'decode' | 'analyse' | 'summarize', containerStart: Fit, memMB: number) => ({
  warm: logFit(exec(warm, fn, false), cite(flowFile('warm'), `provider.execution_duration of ${fn}, warm (µs → s)`)),
  containerStart,
  init: logFit(initOf(fn), cite(flowFile('burst'), `provider.init_duration of ${fn}, cold (AWS Lambda's Init phase)`)),
  firstCall: diffFit(exec(burst, fn, true), exec(warm, fn, false), cite(`${flowFile('burst')} − ${flowFile('warm')}`, `provider.execution_duration of ${fn}, cold less warm (the first call's extra work)`)),
  memoryMB: { base: memMB, perRequest: 0 },
});
const maxMem = (fn: string) => Math.max(...[...warm, ...burst].filter((r) => r.func === fn).map((r) => num(r, 'max_mem_used')));
const analyseStart = sandbox('analyse');
const video = {
  $schema: '../schemas/calibration.schema.json',
  format: 'fave.calibration/v1',
  measured: {
    source: 'literature',
    target: `${FLOW.repo} (SeBS-Flow, EuroSys'25: Schmid et al., "SeBS-Flow: Benchmarking Serverless Cloud Function Workflows", arXiv:2410.03480), benchmark 650.vid on AWS Lambda, 2048 MB, 2024`,
    date: '2024-06-05',
    notes: [
      'Derived by profiles/literature/derive.ts from the published per-call measurements; each fit names its file and column (warning), profiles/literature/README.md gives the formulas and the numbers.',
      "decode's container start is not measured (nothing precedes the workflow's first step in the data): it is taken as analyse's, the same runtime and region.",
      `Fan-out: every request made 2 analyse calls (${analyses} calls over ${fanout} requests in the warm and burst runs).`,
      'Memory: each function ran with 2048 MB (billing.mem); memoryMB.base is the largest max_mem_used seen.',
    ],
  },
  node: { cores: 2 },
  stages: {
    decode: flowStage('decode', { ...analyseStart, warning: `${analyseStart.warning} (analyse's, see measured.notes)` }, maxMem('decode')),
    analyse: flowStage('analyse', analyseStart, maxMem('analyse')),
    summarize: flowStage('summarize', sandbox('summarize'), maxMem('summarize')),
  },
  overheads: {
    gateway: logFit(warmGap.analyse, cite(flowFile('warm'), 'start of a warm analyse less the end of decode: the Step Functions transition between two warm calls')),
  },
};

// ---- SeBS 210.thumbnailer and 411.image-recognition on AWS (2020, Python, 1024 MB) ------
const sebsFile = (b: string) => `data/performance/aws_perf_cost/${b}/perf-cost/result.csv`;
const sebsCite = (b: string, what: string) => `${SEBS.repo} @${SEBS.commit} ${sebsFile(b)}: ${what}`;
function sebsStage(b: string) {
  const rows = csv(SEBS, sebsFile(b)).filter((r) => r.memory === '1024' && r.exec_time !== '' && r.client_time !== '');
  const sel = (cold: boolean) => rows.filter((r) => r.type === (cold ? 'cold' : 'warm') && r.is_cold === (cold ? 'True' : 'False'));
  const ex = (cold: boolean) => sel(cold).map((r) => num(r, 'exec_time') / 1e6);
  const outside = (cold: boolean) => sel(cold).map((r) => (num(r, 'client_time') - num(r, 'exec_time')) / 1e6);
  const mem = Math.max(...rows.map((r) => num(r, 'mem_used')).filter((m) => m > 0));
  return {
    stage: {
      warm: logFit(ex(false), sebsCite(b, 'exec_time, warm, 1024 MB (µs → s)')),
      containerStart: diffFit(outside(true), outside(false), sebsCite(b, 'client_time − exec_time, cold less warm, 1024 MB: sandbox start and Init together (SeBS reports only their sum)')),
      init: { dist: { type: 'constant', value: 0 }, family: 'constant', n: 0, warning: 'included in containerStart: SeBS measures sandbox start and Init only as one sum' },
      firstCall: diffFit(ex(true), ex(false), sebsCite(b, 'exec_time, cold less warm, 1024 MB (the first call\'s extra work)')),
      memoryMB: { base: mem, perRequest: 0 },
    },
    invoke: outside(false),
  };
}
const thumb = sebsStage('210_python');
const recog = sebsStage('411');
const image = {
  $schema: '../schemas/calibration.schema.json',
  format: 'fave.calibration/v1',
  measured: {
    source: 'literature',
    target: `${SEBS.repo} (SeBS, Middleware'21: Copik et al., "SeBS: A Serverless Benchmark Suite for Function-as-a-Service Computing", arXiv:2012.14132), benchmarks 210.thumbnailer (Python) and 411.image-recognition on AWS Lambda, 1024 MB, 2020`,
    date: '2020-11-01',
    notes: [
      'Derived by profiles/literature/derive.ts from the published per-call measurements; each fit names its file and column (warning), profiles/literature/README.md gives the formulas and the numbers.',
      'thumbnailer = SeBS 210.thumbnailer (Pillow), recognition = SeBS 411.image-recognition (PyTorch ResNet-50). The workflow that joins them (workflows/image-recognition.asl.json) follows the shape of the AWS image-recognition reference architecture; the joining is FAVE\'s, not measured as a workflow.',
      'Memory: 1024 MB per function; memoryMB.base is the largest mem_used seen.',
      'The artifact says its data were obtained in January, July-August and November 2020; the date is the last of those months.',
    ],
  },
  node: { cores: 2 },
  stages: { thumbnailer: thumb.stage, recognition: recog.stage },
  overheads: {
    gateway: logFit([...thumb.invoke, ...recog.invoke], `${sebsCite('210_python', 'client_time − exec_time, warm, 1024 MB')} and the same of 411: the invocation's own time`),
  },
};
writeFileSync(join(out, 'video-analytics-sebs-flow.json'), JSON.stringify(video, null, 2) + '\n');
writeFileSync(join(out, 'image-recognition-sebs.json'), JSON.stringify(image, null, 2) + '\n');
console.log('wrote profiles/video-analytics-sebs-flow.json and profiles/image-recognition-sebs.json');
