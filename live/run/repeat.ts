// A live run repeated (`./fave live run <scenario> --repeat N`): the order of the runs and
// the list of the run directories they wrote. Repeats measure the machine's noise (issue #21:
// validation that separates the model's error from it), so the variants of one session take
// turns, v1 v2 v1 v2 …: a machine whose speed drifts over the session then slows each variant
// alike, where v1 v1 v2 v2 would hand one variant the slow half.
import path from 'node:path';

/** The most repeats one command runs: each is a whole run, its platform started afresh. */
export const MAX_REPEAT = 100;

export interface PlannedRun {
  /** 1-based. */
  repeat: number;
  /** The `compare` variant, or undefined for a scenario without variants. */
  variant: string | undefined;
}

/** Every run of the session in the order it runs: repeat 1 of each variant, then repeat 2, … */
export function runOrder(variants: readonly (string | undefined)[], repeats: number): PlannedRun[] {
  const order: PlannedRun[] = [];
  for (let repeat = 1; repeat <= repeats; repeat++) for (const variant of variants) order.push({ repeat, variant });
  return order;
}

/** What a progress line calls a run: `repeat 2/3, variant b (run 5/6)`, the parts that apply. */
export function runLabel(run: PlannedRun, repeats: number, variants: readonly (string | undefined)[], index: number, total: number): string {
  const parts = [
    ...(repeats > 1 ? [`repeat ${run.repeat}/${repeats}`] : []),
    ...(run.variant !== undefined ? [`variant ${variants.indexOf(run.variant) + 1}/${variants.length}: ${run.variant}`] : []),
  ];
  return `${parts.join(', ')}${repeats > 1 && variants.length > 1 ? ` (run ${index + 1}/${total})` : ''}`;
}

/**
 * The run directories written, one a line, grouped by variant in the scenario's order, each
 * group in the order its runs ran, relative to `root` like the rest of the output: what
 * `./fave validate` takes. Headers start with `#`, so `grep -v '^#'` leaves the directories.
 * A run stopped part way is named apart: it holds only what was recorded before the stop.
 */
export function runDirListing(
  finished: readonly { variant: string | undefined; dir: string }[],
  variants: readonly (string | undefined)[],
  root: string,
  stopped?: { dir: string },
): string {
  const rel = (dir: string) => path.relative(root, dir) || dir;
  const lines = ['# run directories, for ./fave validate <run dir> --profile <profile.json>'];
  for (const variant of variants) {
    const dirs = finished.filter((r) => r.variant === variant).map((r) => rel(r.dir));
    if (variant !== undefined) lines.push(`# variant ${variant}${dirs.length ? '' : ': none finished'}`);
    lines.push(...dirs);
  }
  if (stopped) lines.push(`# stopped part way, not listed above: ${rel(stopped.dir)}`);
  return `${lines.join('\n')}\n`;
}
