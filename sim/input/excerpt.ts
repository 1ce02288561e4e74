// Short, escaped text for error messages: an input that is not what it should be (a binary
// file, /etc/passwd, a 10 MB array where a number belongs) is quoted by a few dozen
// characters at most, with every control character escaped so none reaches the terminal raw.
import { EXCERPT_CHARS } from './limits.ts';

// JSON.stringify escapes C0 controls, quotes and backslashes; these are the other characters
// a terminal may act on or that only mean "this was not text".
const UNSAFE = /[\u007f-\u009f\u00ad\u061c\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff\ufffd]/g;

/** `text` as a double-quoted, escaped string of at most `max` characters (… when cut). */
export function excerpt(text: string, max = EXCERPT_CHARS): string {
  return quote(text, max, '"');
}

/** A key or name in single quotes, escaped and cut as `excerpt` does. */
export function quoted(text: string, max = EXCERPT_CHARS): string {
  return quote(text, max, "'");
}

function quote(text: string, max: number, mark: '"' | "'"): string {
  let out = mark;
  for (const ch of text) {
    const piece = ch === '"' ? (mark === '"' ? '\\"' : '"') : ch === "'" && mark === "'" ? "\\'" : escapeChar(ch);
    if (out.length + piece.length + 2 > max) return out + '…' + mark;
    out += piece;
  }
  return out + mark;
}

function escapeChar(ch: string): string {
  return JSON.stringify(ch).slice(1, -1).replace(UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A value as JSON in at most `max` characters, built piece by piece so a huge array costs
 * no more than its first few elements. Non-finite numbers (JSON has none) are written
 * as JavaScript writes them, so `1e999` shows as Infinity rather than null. */
export function preview(value: unknown, max = 60): string {
  const out: string[] = [];
  let length = 0;
  const add = (s: string): boolean => {
    out.push(s);
    length += s.length;
    return length <= max;
  };
  // Recursion is bounded by `max`: every level adds at least one character.
  const write = (v: unknown): boolean => {
    if (typeof v === 'number') return add(Number.isFinite(v) ? JSON.stringify(v) : String(v));
    if (typeof v === 'string') return add(excerpt(v, max + 2));
    if (v === null || typeof v === 'boolean') return add(String(v));
    if (Array.isArray(v)) {
      if (!add('[')) return false;
      for (let i = 0; i < v.length; i++) if ((i > 0 && !add(',')) || !write(v[i])) return false;
      return add(']');
    }
    if (typeof v === 'object') {
      if (!add('{')) return false;
      let first = true;
      for (const k of Object.keys(v)) {
        if ((!first && !add(',')) || !add(`${excerpt(k, max + 2)}:`) || !write((v as Record<string, unknown>)[k])) return false;
        first = false;
      }
      return add('}');
    }
    return add(typeof v);
  };
  const whole = write(value);
  const text = out.join('');
  return whole ? text : `${text.slice(0, max - 3)}...`;
}
