// `npm run bench:live`: what the live platform itself costs, on this machine.
//   1. gateway hop overhead: a trivial call (live/testfn) straight to the replica, through the
//      provider, through gateway + provider (BENCH_HOP_CALLS, default 300 each; p50/p99);
//   2. the warm pipeline end to end on the 30 s fixture, sequential fan-out (one warm-up run,
//      then BENCH_RUNS, default 3; live/bench/stages/pipeline-bench.ts);
//   3. scale from zero per function through the gateway (BENCH_COLD_RUNS, default 2), with
//      faas-netes' readiness probe (initial delay 2 s, period 2 s), so times come in 2 s steps.
// The embedded platform is live/e2e/platform.ts (private temp dir, ephemeral ports).
import Table from 'cli-table3';
import { benchPipeline } from './stages/pipeline-bench.ts';
import { median } from 'd3-array';
import { startPlatform } from '../e2e/platform.ts';
import { ensureFixtures } from '../../stages/fixtures/generate.ts';
import { testfn, waitFor } from '../testfn/harness.ts';
import { measureColdStart } from './cold.ts';
import { measureHops } from './hop.ts';

function count(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw) || Number(raw) < 1) throw new Error(`${name}=${JSON.stringify(raw)} is invalid: expected an integer >= 1`);
  return Number(raw);
}

const log = (line: string) => process.stderr.write(`${line}\n`);
const ms = (x: number) => x.toFixed(2);
const s = (x: number) => (x / 1000).toFixed(2);

async function main(): Promise<void> {
  const hopCalls = count('BENCH_HOP_CALLS', 300);
  const runs = count('BENCH_RUNS', 3);
  const coldRuns = count('BENCH_COLD_RUNS', 2);
  const fixtures = await ensureFixtures();
  const platform = await startPlatform({ provider: { readiness_initial_delay: '2s', readiness_period: '2s' } });
  try {
    const deploy = await fetch(`${platform.providerUrl}/system/functions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(testfn('testfn')) });
    if (deploy.status !== 202) throw new Error(`deploying testfn: ${deploy.status} ${await deploy.text()}`);
    await platform.waitReady(180_000);
    const replica = await waitFor('a ready testfn replica', () => platform.provider.functions.get('testfn')?.replicas.find((r) => r.ready), 60_000);

    log(`hop: ${hopCalls} calls per path`);
    const hops = await measureHops({
      'direct to the replica': `http://127.0.0.1:${replica.port}/`,
      'provider': `${platform.providerUrl}/function/testfn`,
      'gateway + provider': `${platform.gatewayUrl}/function/testfn`,
    }, hopCalls);

    const video = await platform.putFile(fixtures.speech, 'inputs/speech.mp4');
    await benchPipeline(platform.gatewayUrl, video, 'warm-up', 'sequential', 1, log);
    const pipeline = await benchPipeline(platform.gatewayUrl, video, 'warm-sequential', 'sequential', runs, log);

    const cold = [];
    for (const fn of ['orchestrator', 'ffmpeg-0', 'librosa', 'ffmpeg-1', 'ffmpeg-2', 'deepspeech', 'ffmpeg-3', 'object-detector']) {
      const row = await measureColdStart(platform.gatewayUrl, platform.providerUrl, fn, coldRuns);
      log(`cold ${fn}: ${row.ms.map((x) => s(x)).join(', ')} s (${row.answer})`);
      cold.push(row);
    }

    const hopTable = new Table({ style: { head: [], border: [] }, head: ['path (testfn, keep-alive)', 'calls', 'p50 ms', 'p99 ms', 'p50 over direct ms'] });
    const direct = hops['direct to the replica']!.p50;
    for (const [name, h] of Object.entries(hops)) hopTable.push([name, h.n, ms(h.p50), ms(h.p99), ms(h.p50 - direct)]);
    const pipeTable = new Table({ style: { head: [], border: [] }, head: ['warm pipeline (30 s fixture, sequential)', 'runs', 'median s', 'min s', 'clips', 'frames'] });
    pipeTable.push([pipeline.label, pipeline.runs, s(pipeline.medianMs), s(pipeline.minMs), pipeline.clips, pipeline.frames]);
    const coldTable = new Table({ style: { head: [], border: [] }, head: ['scale from zero (probe 2 s/2 s)', 'runs', 'median s', 'max s', 'answer'] });
    for (const r of cold) {
      coldTable.push([r.fn, r.ms.length, s(median(r.ms) ?? NaN), s(Math.max(...r.ms)), r.answer]);
    }
    process.stdout.write(`Gateway hop overhead:\n${hopTable.toString()}\n`);
    process.stdout.write(`Warm pipeline end to end through the embedded gateway:\n${pipeTable.toString()}\n`);
    process.stdout.write(`Scale from zero through the gateway (first call, empty body → the stage's own bad-input answer once init is done):\n${coldTable.toString()}\n`);
  } finally {
    await platform.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:live: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
