import Table from 'cli-table3';
import { ensureFixtures } from '../../../stages/fixtures/generate.ts';
import { startPlatform } from '../../e2e/platform.ts';
import { benchPipeline, type PipelineBenchRow } from './pipeline-bench.ts';
import { benchStages } from './stage-bench.ts';

// `npm run bench:stages`: cold and warm latency of each stage on the 30 s fixture, then the
// whole pipeline through the embedded gateway (cold once, then warm sequential and parallel).
// BENCH_WARM_CALLS (default 5) warm calls per stage; BENCH_RUNS (default 3) warm pipeline runs.

function count(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name}=${JSON.stringify(raw)} is invalid: expected an integer >= 1`);
  return Number(raw);
}

const ms = (x: number) => (x / 1000).toFixed(2);
const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  const warmCalls = count('BENCH_WARM_CALLS', 5);
  const runs = count('BENCH_RUNS', 3);
  const fixtures = await ensureFixtures();
  const platform = await startPlatform({ orchestratorEnv: { MAX_PARALLEL_CALLS: '4' } });
  try {
    await platform.waitReady();
    const video = await platform.putFile(fixtures.speech, 'inputs/speech.mp4');
    const stageEnv = {
      S3_BUCKET: platform.bucket, S3_ENDPOINT: platform.s3Endpoint, SECRETS_DIR: platform.secretsDir, TMPDIR: platform.replicaTmp,
    };
    const stages = await benchStages(video, stageEnv, warmCalls, log);
    const pipelines: PipelineBenchRow[] = [
      await benchPipeline(platform.gatewayUrl, video, 'cold', 'sequential', 1, log),
      await benchPipeline(platform.gatewayUrl, video, 'warm-sequential', 'sequential', runs, log),
      await benchPipeline(platform.gatewayUrl, video, 'warm-parallel', 'parallel', runs, log),
    ];

    const stageTable = new Table({ style: { head: [], border: [] }, head: ['stage', 'start+init s', 'init s', 'first call s', 'cold total s', `warm median s (n=${warmCalls})`, 'first-call penalty s'] });
    for (const r of stages) stageTable.push([r.stage, ms(r.startMs), ms(r.initMs), ms(r.firstCallMs), ms(r.coldTotalMs), ms(r.warmMedianMs), ms(r.firstCallPenaltyMs)]);
    const names = Object.keys(pipelines[1]!.stageMs);
    const pipeTable = new Table({ style: { head: [], border: [] }, head: ['pipeline run', 'runs', 'median s', 'min s', 'clips', 'frames', ...names.map((n) => `${n} s`)] });
    for (const p of pipelines) pipeTable.push([p.label, p.runs, ms(p.medianMs), ms(p.minMs), p.clips, p.frames, ...names.map((n) => ms(p.stageMs[n] ?? 0))]);
    process.stdout.write(`Per stage, direct HTTP to one fresh process (30 s fixture; clip 0, frame 0):\n${stageTable.toString()}\n`);
    process.stdout.write(`Whole pipeline through the embedded gateway (per-stage columns: summed client-side call latency):\n${pipeTable.toString()}\n`);
  } finally {
    await platform.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:stages: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
