import { runMain } from '../../../sim/process/run-main.ts';
import { benchOptions, envCount } from '../options.ts';
import { ensureFixtures } from '../../../stages/fixtures/generate.ts';
import { startPlatform } from '../../e2e/platform.ts';
import { benchPipeline, type PipelineBenchRow } from './pipeline-bench.ts';
import { benchStages } from './stage-bench.ts';
import { pipelineStagesTable, pipelineTable, stageTable } from '../tables.ts';

// `./fave bench:stages`: cold and warm latency of each stage on the 30 s fixture, then the
// whole pipeline through the embedded gateway (cold once, then warm sequential and parallel).
// BENCH_WARM_CALLS (default 5) warm calls per stage; BENCH_RUNS (default 3) warm pipeline runs.

const USAGE = `usage: ./fave bench:stages [--wide]   (BENCH_WARM_CALLS=5 warm calls per stage, BENCH_RUNS=3 warm pipeline runs of each fan-out)
Three tables on stdout, each with a legend saying what its columns are; progress on stderr. --wide adds the columns the default 100 leave out.`;

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  const shown = benchOptions(process.argv.slice(2), USAGE);
  if (!shown) return 0;
  const warmCalls = envCount('BENCH_WARM_CALLS', 5);
  const runs = envCount('BENCH_RUNS', 3);
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

    process.stdout.write(`${stageTable(stages, shown)}\n\n`);
    process.stdout.write(`${pipelineTable('Whole pipeline through the embedded gateway (30 s fixture):', pipelines, shown)}\n\n`);
    process.stdout.write(`${pipelineStagesTable(pipelines, shown)}\n`);
    return 0;
  } finally {
    await platform.close();
  }
}

runMain(main, { usage: USAGE, prefix: 'bench:stages' });
