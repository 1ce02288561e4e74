export interface Word {
  word: string;
  /** Seconds from the start of the utterance (the recogniser adds the span's offset). */
  start: number;
  end: number;
}

export interface Utterance {
  /** pocketsphinx's utterance id: the control-file entry's name. */
  id: string;
  words: Word[];
}

/** pocketsphinx's default frame rate (-frate 100): segment boundaries are frame numbers. */
const FRAMES_PER_SECOND = 100;

/** Markers that are not words: sentence bounds, silence, and filler/noise tokens like [NOISE] or ++UH++. */
function isFiller(token: string): boolean {
  return token === '<s>' || token === '</s>' || token === '<sil>' || /^\[.*\]$/.test(token) || /^\+\+.*\+\+$/.test(token);
}

/**
 * Parse one line of `pocketsphinx_batch -hypseg`:
 * `<id> S <scale> T <total> A <acoustic> L <lm> (<start frame> <ascr> <lscr> <word>)* <end frame>`.
 * A word ends where the next segment starts; alternate pronunciations ("our(3)") are folded
 * back to the dictionary word. Null when the line is not a hypseg line.
 */
export default function parseHypsegLine(line: string): Utterance | null {
  const t = line.trim().split(/\s+/);
  if (t.length < 9 || t[1] !== 'S' || t[3] !== 'T' || t[5] !== 'A' || t[7] !== 'L') return null;
  const rest = t.slice(9);
  if ((rest.length - 1) % 4 !== 0) return null;
  const frames: number[] = [];
  for (let i = 0; i < rest.length; i += 4) frames.push(Number(rest[i]));
  if (frames.some((f) => !Number.isInteger(f) || f < 0)) return null;
  const words: Word[] = [];
  for (let k = 0; k + 1 < frames.length; k++) {
    const token = rest[k * 4 + 3]!.replace(/\(\d+\)$/, '');
    if (isFiller(token)) continue;
    words.push({ word: token, start: frames[k]! / FRAMES_PER_SECOND, end: frames[k + 1]! / FRAMES_PER_SECOND });
  }
  return { id: t[0]!, words };
}
