// Progress of a long run on stderr, with an ETA: a bar on a terminal (cli-progress), a line
// every 10 s elsewhere (a log file, CI). A run shorter than `delayMs` shows nothing. The
// simulation runs synchronously, so no timer fires while it does: cli-progress draws on a
// terminal from within update() (its synchronousUpdate), and the plain lines are written
// here, from update() too.
import { createRequire } from 'node:module';
import type cliProgressModule from 'cli-progress';

// Loaded when a bar is first drawn (a terminal, a run past `delayMs`): a quiet or short run,
// or one logging to a file, never needs it, and loading it was ~11 ms of CPU of every start.
let cliProgress: typeof cliProgressModule | undefined;
const loadCliProgress = () => (cliProgress ??= createRequire(import.meta.url)('cli-progress') as typeof cliProgressModule);

export interface ProgressReporter {
  /** `done` may carry a fraction for the run under way. */
  update(done: number, total: number, label: string): void;
  stop(): void;
}

export interface ProgressOptions {
  /** "simulating", "sweeping". */
  verb: string;
  /** What `total` counts: "runs". */
  unit: string;
  stream?: NodeJS.WriteStream;
  delayMs?: number;
  /** Between two plain lines. */
  everyMs?: number;
  now?: () => number;
}

export function progressReporter(opts: ProgressOptions): ProgressReporter {
  const stream = opts.stream ?? process.stderr;
  const now = opts.now ?? Date.now;
  const started = now();
  const delay = opts.delayMs ?? 1500;
  const every = opts.everyMs ?? 10_000;
  const whole = (done: number, total: number) => `${Math.floor(done + 1e-9)}/${total} ${opts.unit}`;
  let bar: cliProgressModule.SingleBar | null = null;
  let lastLine = -Infinity;
  return {
    update(done, total, label) {
      const t = now();
      if (t - started < delay) return;
      if (stream.isTTY) {
        if (!bar) {
          const { SingleBar, Presets } = loadCliProgress();
          bar = new SingleBar(
            { format: `${opts.verb} [{bar}] {percentage}% | {runs} | ETA {eta_formatted} | {label}`, stream, etaBuffer: 50 },
            Presets.shades_classic,
          );
          bar.start(total, done, { label, runs: whole(done, total) });
        }
        bar.update(done, { label, runs: whole(done, total) });
        return;
      }
      if (t - lastLine < every) return;
      lastLine = t;
      const fraction = total > 0 ? done / total : 1;
      stream.write(`${opts.verb}: ${Math.floor(fraction * 100)}% (${whole(done, total)}), ETA ${eta(t - started, fraction)}, ${label}\n`);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}

/** What is left, at the pace so far: 1m 20s, 2h 5m, or "unknown" before 1% is done. */
export function eta(elapsedMs: number, fraction: number): string {
  if (!(fraction >= 0.01)) return 'unknown';
  const s = Math.round((elapsedMs / 1000) * ((1 - fraction) / fraction));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
}
