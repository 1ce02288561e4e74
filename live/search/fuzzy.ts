// Approximate matching. Both spoken and on-screen search ask the same question — does the
// phrase occur somewhere in a longer sequence with at most k edits (insert, delete,
// substitute)? — over tokens for speech and characters for on-screen text.

import { editDistance } from '../../sim/input/edit-distance.ts';

export { editDistance };

export interface Occurrence {
  /** Index of the first and last item of the text that the pattern matched. */
  start: number;
  end: number;
  edits: number;
}

/**
 * Every place `pattern` occurs in `text` with at most `maxEdits` edits (Sellers' algorithm:
 * edit distance where the match may start anywhere in the text), as non-overlapping
 * occurrences, best first within a run of overlapping ones. `same` decides when two items
 * are equal (tokens: close enough in spelling).
 *
 * With `join`, one item may also match two adjacent items of the other side joined, at no
 * cost: a recogniser splits a word it does not know into words it does ("serverless" heard as
 * "server list") and runs short words together ("log in" as "login"). Without it, plain edit
 * distance.
 */
export function findApproximate<T>(
  pattern: readonly T[], text: readonly T[], maxEdits: number, same: (a: T, b: T) => boolean, join?: (a: T, b: T) => T,
): Occurrence[] {
  const m = pattern.length;
  if (m === 0) return [];
  // cost[i], from[i]: best edits matching pattern[0..i) ending at the current text position, and where that match starts.
  let cost = Array.from({ length: m + 1 }, (_, i) => i);
  let from = new Array<number>(m + 1).fill(0);
  // The same one text item earlier, for a pattern item matched by two text items.
  let olderCost = cost;
  let olderFrom = from;
  // Whether pattern[i-2] and pattern[i-1] joined are the same as text[j]: asked once per pair.
  const pairs = join ? pattern.map((p, i) => (i === 0 ? null : join(pattern[i - 1]!, p))) : [];
  const ends: Occurrence[] = [];
  for (let j = 0; j < text.length; j++) {
    const nextCost = [0];
    const nextFrom = [j + 1];
    const split = join && j > 0 ? join(text[j - 1]!, text[j]!) : null;
    for (let i = 1; i <= m; i++) {
      const sub = cost[i - 1]! + (same(pattern[i - 1]!, text[j]!) ? 0 : 1);
      const del = nextCost[i - 1]! + 1; // pattern item missing from the text
      const ins = cost[i]! + 1; // extra text item
      if (sub <= del && sub <= ins) {
        nextCost[i] = sub;
        nextFrom[i] = i === 1 ? j : from[i - 1]!;
      } else if (ins <= del) {
        nextCost[i] = ins;
        nextFrom[i] = from[i]!;
      } else {
        nextCost[i] = del;
        nextFrom[i] = nextFrom[i - 1]!;
      }
      // pattern[i-1] heard as text[j-1] text[j]; pattern[i-2] pattern[i-1] heard as text[j].
      if (split !== null && olderCost[i - 1]! < nextCost[i]! && same(pattern[i - 1]!, split)) {
        nextCost[i] = olderCost[i - 1]!;
        nextFrom[i] = olderFrom[i - 1]!;
      }
      if (i >= 2 && pairs[i - 1] !== undefined && cost[i - 2]! < nextCost[i]! && same(pairs[i - 1]!, text[j]!)) {
        nextCost[i] = cost[i - 2]!;
        nextFrom[i] = from[i - 2]!;
      }
    }
    olderCost = cost;
    olderFrom = from;
    cost = nextCost;
    from = nextFrom;
    if (cost[m]! <= maxEdits) ends.push({ start: Math.min(from[m]!, j), end: j, edits: cost[m]! });
  }
  // Overlapping ends describe one place: keep the fewest edits, then the shortest.
  const kept: Occurrence[] = [];
  for (const o of ends) {
    const last = kept.at(-1);
    if (last && o.start <= last.end) {
      if (o.edits < last.edits || (o.edits === last.edits && o.end - o.start < last.end - last.start)) kept[kept.length - 1] = o;
    } else {
      kept.push(o);
    }
  }
  return kept;
}
