// `./fave bench --against DIR`: this build against another, DIR being another FAVE checkout
// (a worktree of the previous commit, say). The machine drifts 10–20% within an hour, so two
// medians taken minutes apart say little about two builds; here each run of this build is
// paired with a run of the other, back to back, the order swapped every round so a steady
// drift favours neither, and the verdict is the median of the pairs' ratios.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { median } from 'd3-array';

/** The launcher of the FAVE checkout at `dir`, or an error saying why `dir` is not one. */
export function launcherIn(dir: string): string {
  const root = resolve(dir);
  const launcher = join(root, 'scripts', 'fave.cjs');
  if (!existsSync(root)) throw new Error(`--against: no directory '${dir}'`);
  // Both came with the bench running each case from the bundle, by CASE_ENV (case.ts): an
  // older build's bench would run its whole table and print no result to read.
  if (!existsSync(launcher) || !existsSync(join(root, 'sim', 'bench', 'case.ts'))) {
    throw new Error(`--against: '${dir}' has no scripts/fave.cjs and sim/bench/case.ts: not a FAVE checkout, or one from before its bench ran each case on its own (2026-12-07), which cannot be compared this way`);
  }
  if (!existsSync(join(root, 'node_modules'))) throw new Error(`--against: '${dir}' has no node_modules: run npm ci there first`);
  return launcher;
}

/** Whether this build runs first in round `round` (0-based): in even rounds, so each build
 * goes first in half the pairs. */
export const thisFirst = (round: number): boolean => round % 2 === 0;

export interface PairRatios {
  median: number;
  min: number;
  max: number;
}

/** Per round, this build's time over the other's: their median and range. */
export function pairRatios(mine: readonly number[], theirs: readonly number[]): PairRatios {
  if (mine.length === 0 || mine.length !== theirs.length) throw new Error(`pairRatios: ${mine.length} runs against ${theirs.length}`);
  const r = mine.map((x, i) => x / theirs[i]!);
  return { median: median(r)!, min: Math.min(...r), max: Math.max(...r) };
}
