// A progress bar on stderr (cli-progress), counting measurements (function calls and the S3
// PUTs and GETs timed), with the ETA of eta.ts (the plan's
// expected times corrected by the measured rate, steady where cli-progress's own jumps);
// quiet when asked.
import cliProgress from 'cli-progress';
import { createEta, formatEta } from './eta.ts';
import { expectedPlanSeconds, expectedUnitSeconds } from './expected.ts';
import type { Plan } from './plan.ts';

export interface Progress {
  tick(label: string): void;
  log(line: string): void;
  /** The measured calls start now (after the platform and the inputs): the ETA's clock starts. */
  begin(): void;
  stop(): void;
}

export function createProgress(plan: Plan, total: number, done: number, quiet: boolean, cores: number): Progress {
  if (quiet) return { tick: () => undefined, log: () => undefined, begin: () => undefined, stop: () => undefined };
  // Resumed: the units left are taken as an even share of the plan's expected time.
  const eta = createEta(expectedPlanSeconds(plan, cores) * (1 - Math.min(done, total) / Math.max(total, 1)), () => performance.now() / 1000);
  const bar = new cliProgress.SingleBar(
    { format: 'calibrating [{bar}] {value}/{total} measurements | ETA {etaText} | {label}', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 10_000 },
    cliProgress.Presets.shades_classic,
  );
  const etaText = () => formatEta(eta.remaining());
  bar.start(Math.max(total, 1), Math.min(done, total), { label: 'starting', etaText: etaText() });
  return {
    tick: (label) => {
      const skipped = label.endsWith(' (skipped)');
      eta.step(expectedUnitSeconds(plan, label.replace(/ \(skipped\)$/, ''), cores), skipped);
      bar.increment(1, { label, etaText: etaText() });
    },
    log: (line) => bar.update({ label: line }),
    begin: () => eta.begin(),
    stop: () => bar.stop(),
  };
}
