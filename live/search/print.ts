// The search's answer for a person: per video with matches, one line per match with the
// time in the source video (HH:MM:SS.mmm, as the fixture's clock draws it), the kind, the
// clip and, for on-screen text, the frame, then what matched and how sure it is.
import type { Hit } from './find.ts';
import { compact, tokens } from './normalise.ts';
import type { SearchResult } from './search-bucket.ts';

export function clock(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const pad = (n: number, width = 2) => String(n).padStart(width, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** How close a match is: its edits, or "close spelling" when every word matched but not letter for letter. */
function closeness(hit: Hit, phrase: string): string {
  const unit = hit.kind === 'spoken' ? 'word' : 'character';
  if (hit.edits > 0) return `${plural(hit.edits, unit)} off`;
  const found = hit.kind === 'spoken' ? tokens(hit.words).join(' ') : compact(hit.text);
  return found === (hit.kind === 'spoken' ? tokens(phrase).join(' ') : compact(phrase)) ? 'exact' : 'close spelling';
}

function line(hit: Hit, phrase: string): string {
  const exact = closeness(hit, phrase);
  if (hit.kind === 'spoken') {
    const confidence = hit.confidence === null ? 'no confidence reported by the recogniser' : `confidence ${hit.confidence.toFixed(2)}`;
    return `  ${clock(hit.start)}  spoken     ${hit.clip.padEnd(21)}  "${hit.words}"  (until ${clock(hit.end)}; ${confidence}; ${exact})`;
  }
  const { x, y, w, h } = hit.box;
  return `  ${clock(hit.time)}  on screen  ${`${hit.clip} ${hit.frame}`.padEnd(21)}  "${hit.text}"  (shown until ${clock(hit.until)}; confidence ${hit.confidence.toFixed(2)}; ${exact}; box ${Math.round(x)},${Math.round(y)} ${Math.round(w)}x${Math.round(h)} in ${hit.uri})`;
}

/** Matches on stdout; notes (failed requests, no audio, unreadable indexes) on stderr. */
export function printResult(result: SearchResult, out: (text: string) => void, err: (text: string) => void): void {
  let matches = 0;
  const standIns = new Set<string>();
  for (const v of result.videos) {
    if (v.note !== null) err(`${v.requestId}: ${v.note}\n`);
    if (v.hits.length === 0) continue;
    matches += v.hits.length;
    v.standIns.forEach((s) => standIns.add(s));
    out(`${v.requestId}  ${v.video}\n${v.hits.map((hit) => line(hit, result.phrase)).join('\n')}\n`);
  }
  for (const s of result.skipped) err(`${s.requestId}: skipped: ${s.reason}\n`);
  const searched = plural(result.videos.length, 'video');
  out(matches === 0 ? `no match for ${JSON.stringify(result.phrase)} in ${searched} searched\n` : `${plural(matches, 'match', 'matches')} in ${searched} searched\n`);
  if (standIns.size > 0) out(`stand-ins (docs/search.md): ${[...standIns].join(', ')}\n`);
}
