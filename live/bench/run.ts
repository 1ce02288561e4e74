// `./fave bench:live`: what the live platform itself costs, on this machine.
//   1. gateway hop overhead: a trivial call (live/testfn) straight to the replica, through the
//      provider, through gateway + provider (BENCH_HOP_CALLS, default 300 each; p50/p99);
//   2. the warm pipeline end to end on the 30 s fixture, sequential fan-out (one warm-up run,
//      then BENCH_RUNS, default 3; live/bench/stages/pipeline-bench.ts);
//   3. scale from zero per function through the gateway (BENCH_COLD_RUNS, default 2), with
//      faas-netes' readiness probe (initial delay 2 s, period 2 s), so times come in 2 s steps.
// The embedded platform is live/e2e/platform.ts (private temp dir, ephemeral ports).
import { runMain } from '../../sim/process/run-main.ts';
import { benchOptions, envCount } from './options.ts';
import { benchPipeline } from './stages/pipeline-bench.ts';
import { startPlatform } from '../e2e/platform.ts';
import { ensureFixtures } from '../../stages/fixtures/generate.ts';
import { testfn, waitFor } from '../testfn/harness.ts';
import { measureColdStart } from './cold.ts';
import { measureHops } from './hop.ts';
import { coldTable, hopTable, pipelineTable } from './tables.ts';

const USAGE = `usage: ./fave bench:live [--wide]   (BENCH_HOP_CALLS=300 calls per path, BENCH_RUNS=3 warm pipeline runs, BENCH_COLD_RUNS=2 scale-from-zero runs per function)
Three tables on stdout, each with a legend saying what its columns are; progress on stderr. --wide adds the columns the default 100 leave out.`;

const log = (line: string) => process.stderr.write(`${line}\n`);
const s = (x: number) => (x / 1000).toFixed(2);

async function main(): Promise<number> {
  const shown = benchOptions(process.argv.slice(2), USAGE);
  if (!shown) return 0;
  const hopCalls = envCount('BENCH_HOP_CALLS', 300);
  const runs = envCount('BENCH_RUNS', 3);
  const coldRuns = envCount('BENCH_COLD_RUNS', 2);
  const fixtures = await ensureFixtures();
  const platform = await startPlatform({ provider: { readiness_initial_delay: '2s', readiness_period: '2s' } });
  try {
    const deploy = await fetch(`${platform.providerUrl}/system/functions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(testfn('testfn')) });
    if (deploy.status !== 202) throw new Error(`deploying testfn: ${deploy.status} ${await deploy.text()}`);
    await platform.waitReady(180_000);
    const replica = await waitFor('a ready testfn replica', () => platform.provider.functions.get('testfn')?.replicas.find((r) => r.ready), 60_000);

    const direct = 'direct to the replica';
    const paths = {
      [direct]: `http://127.0.0.1:${replica.port}/`,
      'provider': `${platform.providerUrl}/function/testfn`,
      'gateway + provider': `${platform.gatewayUrl}/function/testfn`,
    };
    log(`hop: ${hopCalls} calls on each of ${Object.keys(paths).length} paths`);
    const hops = await measureHops(paths, hopCalls);

    const video = await platform.putFile(fixtures.speech, 'inputs/speech.mp4');
    await benchPipeline(platform.gatewayUrl, video, 'warm-up', 'sequential', 1, log);
    const pipeline = await benchPipeline(platform.gatewayUrl, video, 'warm-sequential', 'sequential', runs, log);

    const cold = [];
    const coldFns = ['orchestrator', 'ffmpeg-0', 'librosa', 'ffmpeg-1', 'ffmpeg-2', 'deepspeech', 'ffmpeg-3', 'object-detector'];
    for (const [i, fn] of coldFns.entries()) {
      const row = await measureColdStart(platform.gatewayUrl, platform.providerUrl, fn, coldRuns);
      log(`cold ${i + 1} of ${coldFns.length}, ${fn}: ${row.ms.map((x) => s(x)).join(', ')} s (${row.answer})`);
      cold.push(row);
    }

    process.stdout.write(`${hopTable(hops, direct, shown)}\n\n`);
    process.stdout.write(`${pipelineTable('Warm pipeline end to end through the embedded gateway (30 s fixture):', [pipeline], shown)}\n\n`);
    process.stdout.write(`${coldTable(cold, shown)}\n`);
    return 0;
  } finally {
    await platform.close();
  }
}

runMain(main, { usage: USAGE, prefix: 'bench:live' });
