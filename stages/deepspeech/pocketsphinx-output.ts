export interface Word {
  word: string;
  /** Seconds from the start of the file (pocketsphinx_continuous times are global). */
  start: number;
  end: number;
  /** pocketsphinx's posterior for the word, 0–1: low values mark guesses. */
  confidence: number;
}

// `-time yes` prints one line per segment: "<word> <start s> <end s> <posterior>".
const SEGMENT = /^(\S+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) (-?\d+(?:\.\d+)?(?:e-?\d+)?)$/;

/** Markers that are not words: sentence bounds, silence, and filler/noise tokens like [NOISE] or ++UH++. */
function isFiller(token: string): boolean {
  return token === '<s>' || token === '</s>' || token === '<sil>' || /^\[.*\]$/.test(token) || /^\+\+.*\+\+$/.test(token);
}

/**
 * Parse `pocketsphinx_continuous -time yes` stdout: per utterance a hypothesis line, then
 * its segment lines. Words come from the segment lines (they carry times); alternate
 * pronunciations ("why(2)") are folded back to the dictionary word.
 */
export default function parsePocketsphinxOutput(stdout: string): Word[] {
  const words: Word[] = [];
  for (const line of stdout.split('\n')) {
    const m = SEGMENT.exec(line.trim());
    if (!m) continue; // hypothesis lines repeat the words without times
    const token = m[1]!.replace(/\(\d+\)$/, '');
    if (isFiller(token)) continue;
    words.push({ word: token, start: Number(m[2]), end: Number(m[3]), confidence: Math.min(1, Math.max(0, Number(m[4]))) });
  }
  return words;
}
