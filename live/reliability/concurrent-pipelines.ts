import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { StateMode } from '../../stages/runtime/state-store.ts';
import { runConcurrentPipelines, type ConcurrentRun } from './concurrent-study.ts';
import { startFakePlatform } from './fake-platform.ts';

// The lost-update study: N pipelines at once through the embedded OpenFaaS, parallel
// fan-out, state.json on the embedded S3 over HTTP, once per state mode; losses counted from
// the stages' telemetry against each state.json (see lost-updates.ts). Not run in CI (the
// reduced version is reliability.test.ts).
//
//   npx tsx live/reliability/concurrent-pipelines.ts --pipelines 50 --state both [--out results/lost-updates.json]

const USAGE = 'usage: concurrent-pipelines.ts [--pipelines N] [--state cas|naive|both] [--clips N] [--frames N] [--max-parallel N] [--out file.json]';

function positiveInt(name: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`--${name} must be a whole number >= 1, got ${JSON.stringify(raw)}`);
  return value;
}

class UsageError extends Error {}

function failureCauses(run: ConcurrentRun): Record<string, number> {
  const causes: Record<string, number> = {};
  for (const a of run.answers) if (a.status !== 200) causes[`${a.status} ${a.cause ?? '?'}`] = (causes[`${a.status} ${a.cause ?? '?'}`] ?? 0) + 1;
  return causes;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      pipelines: { type: 'string', default: '50' },
      state: { type: 'string', default: 'both' },
      clips: { type: 'string', default: '3' },
      frames: { type: 'string', default: '4' },
      'max-parallel': { type: 'string', default: '8' },
      out: { type: 'string' },
    },
    strict: true,
  });
  const pipelines = positiveInt('pipelines', values.pipelines);
  const clips = positiveInt('clips', values.clips);
  const frames = positiveInt('frames', values.frames);
  const maxParallel = positiveInt('max-parallel', values['max-parallel']);
  const modes: StateMode[] = values.state === 'both' ? ['naive', 'cas'] : values.state === 'cas' || values.state === 'naive' ? [values.state] : [];
  if (modes.length === 0) throw new UsageError(`--state must be cas, naive or both, got ${JSON.stringify(values.state)}`);

  const started = performance.now();
  const platform = await startFakePlatform({
    clips, framesPerClip: frames, stageDelayMs: { 'object-detector': 20 },
    orchestratorEnv: { MAX_PARALLEL_CALLS: String(maxParallel), STAGE_TIMEOUT_MS: '600000' },
    provider: { read_timeout: '600s', write_timeout: '600s', readiness_period: '2s' },
    gateway: { read_timeout: '600s', write_timeout: '600s', upstream_timeout: '600s' },
  });
  const runs: ConcurrentRun[] = [];
  // Replicas lead their own process groups: stop them on Ctrl-C too, not only on success.
  const interrupted = (signal: NodeJS.Signals) => {
    process.stderr.write(`concurrent-pipelines: ${signal}, stopping the platform\n`);
    void platform.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    await platform.waitReady(120_000);
    process.stderr.write(`platform ready in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    for (const stateMode of modes) {
      const run = await runConcurrentPipelines(platform, { pipelines, stateMode, tag: `study-${Date.now().toString(36)}` });
      runs.push(run);
      process.stdout.write(
        `${stateMode.padEnd(5)} pipelines=${run.pipelines} done=${run.done} failed=${run.failed} calls=${run.callsAnswered} ` +
          `lost=${run.lost} (${((100 * run.lost) / Math.max(1, run.callsAnswered)).toFixed(1)}%) pipelinesWithLoss=${run.pipelinesWithLoss} ` +
          `unrecordedInFailed=${run.unrecordedInFailed} ` +
          `orchestratorReported=${run.lostReportedByOrchestrator} wall=${(run.wallMs / 1000).toFixed(1)} s` +
          `${run.failed > 0 ? ` failures=${JSON.stringify(failureCauses(run))}` : ''}\n`,
      );
    }
  } finally {
    await platform.close();
  }
  if (values.out) {
    const shape = { clips, framesPerClip: frames, callsPerPipeline: 3 + clips * (3 + frames), maxParallelCalls: maxParallel };
    await writeFile(values.out, `${JSON.stringify({ study: 'fave.lost-updates/v1', at: new Date().toISOString(), shape, runs }, null, 2)}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`concurrent-pipelines: ${(error as Error).message}\n${error instanceof UsageError ? `${USAGE}\n` : ''}`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
