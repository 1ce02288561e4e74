import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_STAGES, startWatchdogBench, type WatchdogBench } from './watchdog-bench.ts';

// Opt-in (issue #22, point 1), outside `npm test` (vitest.opt-in.config.ts): runs stages behind
// the real of-watchdog, built from its source (docs/readiness-watchdog.md says how), scaled
// from zero, and calls each the moment /_/health says 200:
//   FAVE_OF_WATCHDOG=/path/to/fwatchdog npx vitest run -c vitest.opt-in.config.ts
// Without the variable it fails and says so: an opt-in suite never passes by skipping.
const WATCHDOG = process.env.FAVE_OF_WATCHDOG;

describe('a stage behind the real of-watchdog, scaled from zero', () => {
  let bench: WatchdogBench;
  beforeAll(async () => {
    if (!WATCHDOG) throw new Error('FAVE_OF_WATCHDOG is not set: build of-watchdog 0.9.15 from source (docs/readiness-watchdog.md) and give its path');
    bench = await startWatchdogBench(WATCHDOG);
  }, 120_000);
  afterAll(() => bench?.close());

  it.each(BENCH_STAGES)('%s answers its first call 200 when the stage writes the lock (the image now)', async (stage) => {
    const result = await bench.run(stage, 'stage');
    process.stderr.write(`[ofw] ${stage} lock=stage: ${JSON.stringify({ healthyAtMs: result.healthyAtMs, calls: result.calls })}\n`);
    expect(result.calls.map((c) => c.status)).toEqual([200]);
  }, 180_000);

  // The long-init setting: the lock once node listens, the call then waits inside the stage.
  it.each(['deepspeech', 'object-detector'] as const)('%s answers its first call 200 with READY_LOCK_WHEN=listen', async (stage) => {
    const result = await bench.run(stage, 'stage-listen');
    process.stderr.write(`[ofw] ${stage} lock=stage-listen: ${JSON.stringify({ healthyAtMs: result.healthyAtMs, calls: result.calls })}\n`);
    expect(result.calls.map((c) => c.status)).toEqual([200]);
  }, 180_000);

  // What the issue saw: the watchdog's own lock says ready before node listens.
  it.each(BENCH_STAGES)('%s fails its first call with the watchdog\'s empty 500 when the watchdog writes the lock (the image before)', async (stage) => {
    const result = await bench.run(stage, 'watchdog');
    process.stderr.write(`[ofw] ${stage} lock=watchdog: ${JSON.stringify({ healthyAtMs: result.healthyAtMs, calls: result.calls })}\n`);
    expect(result.calls[0]).toMatchObject({ status: 500, bodyBytes: 0 });
  }, 180_000);
});
