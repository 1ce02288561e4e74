// Writes the before/after transcript of issue #22 point 1 (docs/readiness-watchdog.md) from
// real of-watchdog runs. Not part of any test: it needs the Go binary and a tree of the code
// before the fix.
//   node --import tsx live/openfaas/watchdog-transcript.ts <fwatchdog> <tree-before-fix> [repeats]
import { BENCH_STAGES, REPO_ROOT, startWatchdogBench } from './watchdog-bench.ts';
import type { ColdCallResult, LockMode } from './real-watchdog.ts';

const [watchdog, beforeRoot, repeatsArg] = process.argv.slice(2);
if (!watchdog || !beforeRoot) {
  process.stderr.write('usage: watchdog-transcript.ts <fwatchdog> <tree-before-fix> [repeats]\n');
  process.exit(2);
}
const repeats = Number(repeatsArg ?? 3);

// Calls after the first /_/health 200, 250 ms apart, until one answers 200 (at most 12: 3 s).
const RETRIES = { count: 12, gapMs: 250 };
const configs: Array<{ label: string; root: string; lock: LockMode; calls: { count: number; gapMs: number } }> = [
  { label: 'before: image as it was (watchdog writes the lock; stage 503s during init)', root: beforeRoot, lock: 'watchdog', calls: RETRIES },
  { label: 'hold only: watchdog writes the lock; stage holds calls during init', root: REPO_ROOT, lock: 'watchdog', calls: RETRIES },
  { label: 'after: image now (suppress_lock=true, stage writes READY_LOCK_FILE; holds calls)', root: REPO_ROOT, lock: 'stage', calls: { count: 1, gapMs: 0 } },
];

const show = (r: ColdCallResult) => r.calls.map((c) => `${c.status}${c.cause ? ` ${c.cause}` : c.bodyBytes === 0 ? ' (empty)' : ''} @${c.atMs}`).join(', ');

const bench = await startWatchdogBench(watchdog);
const lines = ['| configuration | stage | run | /_/health 200 at (ms) | calls: status @ ms since the watchdog started |', '|---|---|---|---|---|'];
try {
  for (const config of configs) {
    for (const stage of BENCH_STAGES) {
      for (let run = 1; run <= repeats; run += 1) {
        const result = await bench.run(stage, config.lock, config.calls, config.root);
        const line = `| ${config.label} | ${stage} | ${run} | ${result.healthyAtMs} | ${show(result)} |`;
        process.stderr.write(`${line}\n`);
        lines.push(line);
      }
    }
  }
} finally {
  await bench.close();
}
process.stdout.write(`${lines.join('\n')}\n`);
