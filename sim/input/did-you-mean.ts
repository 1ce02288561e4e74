// "Did you mean": the closest known name to a mistyped one, for flags and subcommands
// (sim/process/command-line.ts) and for keys in input files (scenario, workflow, sweep,
// profile, policy, distribution), so a typo reads as one and not as a list to search.
import { editDistance } from './edit-distance.ts';
import { quoted } from './excerpt.ts';

/** The closest of `known` to `given` when it is a near miss (within a third of its length, at most 3), else null. */
export function didYouMean(given: string, known: readonly string[]): string | null {
  const length = [...given].length;
  const most = Math.min(3, Math.ceil(length / 3));
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const k of known) {
    // Lengths further apart than `most` are further apart than that: skip the distance (a
    // hostile key a megabyte long costs nothing).
    if (Math.abs(length - [...k].length) > most) continue;
    const d = editDistance(given, k);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best !== null && bestDistance > 0 && bestDistance <= most ? best : null;
}

/** " (did you mean 'horizon'?)" for a near miss, else ''. */
export function nearNote(given: string, known: readonly string[]): string {
  const near = didYouMean(given, known);
  return near === null ? '' : ` (did you mean ${quoted(near)}?)`;
}

/**
 * The message for a key an object does not take, with the near one and the keys it takes:
 * "unknown key 'horizn' (did you mean 'horizon'?; expected one of: seed, horizon, …)".
 * `listed`: the keys to list, when not all of them (an editor's `$schema` goes unlisted, but a
 * typo of it is still told).
 */
export function unknownKey(given: string, known: readonly string[], listed: readonly string[] = known): string {
  const near = didYouMean(given, known);
  const notes = [near === null ? '' : `did you mean ${quoted(near)}?`, listed.length > 0 ? `expected one of: ${listed.join(', ')}` : ''].filter((x) => x !== '');
  return `unknown key ${quoted(given)}${notes.length ? ` (${notes.join('; ')})` : ''}`;
}
