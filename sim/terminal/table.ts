// The tables FAVE prints after a run (sim, sweep, recommend, optimize, validate, calibrate):
// columns two spaces apart under a ruled head, no border and no rule between rows, so that
// by default a table fits 100 columns (a terminal's 80 to 120, a CI log, a pasted issue).
// Columns marked `wide` are shown with --wide only; if the rest is still too wide, the
// columns marked `wrap` (names, failure lists) wrap inside their cell. Deterministic: the
// width is a constant, never the terminal's, so a piped output is the same as a shown one.
import { bold } from './colour.ts';

/** The width every default output fits (--wide lifts it). */
export const WIDTH = 100;

export interface Column {
  /** The head; '\n' splits it over two lines to keep the column narrow. */
  title: string;
  align?: 'left' | 'right';
  /** Shown with --wide only. */
  wide?: boolean;
  /** May wrap inside its cell when the table is too wide. */
  wrap?: boolean;
}

export interface TableOptions {
  wide?: boolean;
  /** Bold heads (colour.ts decides when). */
  colour?: boolean;
  width?: number;
}

const GAP = '  ';
const MIN_WRAP = 10;
const len = (s: string) => [...s].length;

/** The first line of `text` at most `width` long, broken at a space or after a comma where
 * there is one, and the rest. */
function cut(text: string, width: number): [string, string] {
  const chars = [...text];
  if (chars.length <= width) return [text, ''];
  const head = chars.slice(0, width + 1).join('');
  const space = head.lastIndexOf(' ');
  if (space > 0) return [head.slice(0, space).trimEnd(), chars.slice([...head.slice(0, space)].length + 1).join('').trimStart()];
  const comma = head.slice(0, -1).lastIndexOf(',');
  const at = comma > 0 ? [...head.slice(0, comma + 1)].length : width;
  return [chars.slice(0, at).join(''), chars.slice(at).join('').trimStart()];
}

/** `text` in lines of at most `width` characters. */
export function wrapCell(text: string, width: number): string[] {
  const out: string[] = [];
  let rest = text;
  while (len(rest) > width) {
    const [head, tail] = cut(rest, width);
    out.push(head);
    rest = tail;
  }
  out.push(rest);
  return out;
}

export function renderTable(columns: Column[], rows: string[][], o: TableOptions = {}): string {
  const width = o.width ?? WIDTH;
  const keep = columns.map((c, i) => [c, i] as const).filter(([c]) => o.wide || !c.wide);
  const heads = keep.map(([c]) => c.title.split('\n'));
  const cells = rows.map((r) => keep.map(([, i]) => r[i] ?? ''));
  const natural = keep.map((_, j) => Math.max(...heads[j]!.map(len), ...cells.map((r) => len(r[j]!))));
  const widths = [...natural];
  const total = () => widths.reduce((a, w) => a + w, 0) + GAP.length * (widths.length - 1);
  if (!o.wide) {
    // Narrow the widest wrapping column a character at a time until the table fits.
    while (total() > width) {
      const j = widths.map((w, k) => [w, k] as const).filter(([w, k]) => keep[k]![0].wrap && w > Math.max(MIN_WRAP, ...heads[k]!.map(len))).sort((a, b) => b[0] - a[0])[0]?.[1];
      if (j === undefined) break;
      widths[j]!--;
    }
  }
  const pad = (s: string, j: number) => (keep[j]![0].align === 'right' ? s.padStart(widths[j]!) : s.padEnd(widths[j]!));
  const line = (parts: string[]) => parts.map(pad).join(GAP).trimEnd();
  const lines: string[] = [];
  const headLines = Math.max(...heads.map((h) => h.length));
  for (let k = 0; k < headLines; k++) {
    // A two-line head sits on the bottom line, next to the one-line heads.
    const text = line(heads.map((h) => h[k - (headLines - h.length)] ?? ''));
    lines.push(bold(text, o.colour === true));
  }
  lines.push(widths.map((w) => '─'.repeat(w)).join(GAP));
  for (const r of cells) {
    const wrapped = r.map((c, j) => (len(c) > widths[j]! ? wrapCell(c, widths[j]!) : [c]));
    const n = Math.max(...wrapped.map((w) => w.length));
    for (let k = 0; k < n; k++) lines.push(line(wrapped.map((w) => w[k] ?? '')));
  }
  return lines.join('\n');
}

/** The columns --wide would add, for a note under a default table; '' when none are hidden. */
export function hiddenNote(columns: Column[], wide: boolean | undefined): string {
  const hidden = columns.filter((c) => c.wide).map((c) => c.title.replace(/\n/g, ' '));
  return wide || hidden.length === 0 ? '' : `--wide adds: ${hidden.join(', ')}`;
}

/**
 * Text fitted to `width`: every longer line wrapped at spaces, its continuation lines
 * indented by four more than it, so they read apart from lists indented by two (recommend's
 * decision). For the sentences printed around the tables (a decision, a legend, a note).
 */
export function fitText(text: string, width = WIDTH): string {
  return text
    .split('\n')
    .flatMap((l) => {
      if (len(l) <= width) return [l];
      const indent = /^\s*/.exec(l)![0] + '    ';
      const [first, rest] = cut(l, width);
      return [first, ...wrapCell(rest, width - indent.length).map((x) => indent + x)];
    })
    .join('\n');
}
