// A progress bar with ETA on stderr (cli-progress), counting calls; quiet when asked.
import cliProgress from 'cli-progress';

export interface Progress {
  tick(label: string): void;
  log(line: string): void;
  stop(): void;
}

export function createProgress(total: number, done: number, quiet: boolean): Progress {
  if (quiet) return { tick: () => undefined, log: () => undefined, stop: () => undefined };
  const bar = new cliProgress.SingleBar(
    { format: 'calibrating [{bar}] {value}/{total} calls | ETA {eta_formatted} | {label}', stream: process.stderr, noTTYOutput: true, notTTYSchedule: 10_000, etaBuffer: 30 },
    cliProgress.Presets.shades_classic,
  );
  bar.start(Math.max(total, 1), Math.min(done, total), { label: 'starting' });
  return {
    tick: (label) => bar.increment(1, { label }),
    log: (line) => bar.update({ label: line }),
    stop: () => bar.stop(),
  };
}
