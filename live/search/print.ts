// The search's answer for a person: per video with matches, a table of them, a row per match
// with the time in the source video (HH:MM:SS.mmm, as the fixture's clock draws it), the kind,
// the clip and, for on-screen text, the frame, then what matched and how sure it is; within
// 100 columns (sim/terminal/table.ts: --wide adds when it ended, the box and the picture), one
// legend under the last.
import type { Hit } from './find.ts';
import { compact, tokens } from './normalise.ts';
import type { SearchResult } from './search-bucket.ts';
import { fitText, hiddenNote, renderTable, WIDTH, type Column } from '../../sim/terminal/table.ts';

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

const COLUMNS: Column[] = [
  { title: 'at' },
  { title: 'kind' },
  { title: 'clip' },
  { title: 'frame' },
  { title: 'matched', wrap: true },
  { title: 'conf', align: 'right' },
  { title: 'closeness', wrap: true },
  { title: 'until', wide: true },
  { title: 'box', wide: true },
  { title: 'image', wide: true },
];

const LEGEND =
  "at: the time in the source video; kind: spoken (the transcript) or on screen (text read in a frame); clip, frame: where; matched: what was said or shown; conf: the recogniser's confidence, 0 to 1 (–: none reported, as pocketsphinx's); closeness: exact, close spelling (every word, not letter for letter) or how many words or characters off; until: when it stopped; box: the text's place in the frame (x,y w×h pixels); image: the frame.";

function row(hit: Hit, phrase: string): string[] {
  const exact = closeness(hit, phrase);
  if (hit.kind === 'spoken') {
    return [clock(hit.start), 'spoken', hit.clip, '', `"${hit.words}"`, hit.confidence === null ? '–' : hit.confidence.toFixed(2), exact, clock(hit.end), '', ''];
  }
  const { x, y, w, h } = hit.box;
  return [clock(hit.time), 'on screen', hit.clip, hit.frame, `"${hit.text}"`, hit.confidence.toFixed(2), exact, clock(hit.until), `${Math.round(x)},${Math.round(y)} ${Math.round(w)}x${Math.round(h)}`, hit.uri];
}

/** A video's matches, a table indented under its name, within 100 columns unless `wide`. */
function table(hits: Hit[], phrase: string, o: PrintOptions): string {
  const text = renderTable(COLUMNS, hits.map((hit) => row(hit, phrase)), { wide: o.wide, colour: o.colour, width: WIDTH - INDENT.length });
  return text.split('\n').map((l) => INDENT + l).join('\n');
}

const INDENT = '  ';

export interface PrintOptions {
  /** Every column (until, box, image), no width limit. */
  wide?: boolean;
  colour?: boolean;
}

/** Matches on stdout; notes (failed requests, no audio, unreadable indexes) on stderr. */
export function printResult(result: SearchResult, out: (text: string) => void, err: (text: string) => void, o: PrintOptions = {}): void {
  let matches = 0;
  const standIns = new Set<string>();
  for (const v of result.videos) {
    if (v.note !== null) err(`${v.requestId}: ${v.note}\n`);
    if (v.hits.length === 0) continue;
    matches += v.hits.length;
    v.standIns.forEach((s) => standIns.add(s));
    out(`${fitText(`${v.requestId}  ${v.video}`)}\n${table(v.hits, result.phrase, o)}\n`);
  }
  for (const s of result.skipped) err(`${s.requestId}: skipped: ${s.reason}\n`);
  const searched = plural(result.videos.length, 'video');
  out(matches === 0 ? `no match for ${JSON.stringify(result.phrase)} in ${searched} searched\n` : `${plural(matches, 'match', 'matches')} in ${searched} searched\n`);
  if (matches > 0) {
    out(`${fitText(LEGEND)}\n`);
    const hidden = hiddenNote(COLUMNS, o.wide);
    if (hidden) out(`${hidden}\n`);
  }
  if (standIns.size > 0) out(`stand-ins (docs/search.md): ${[...standIns].join(', ')}\n`);
}
