// How search text is compared: case, accents and punctuation never matter. Letters and
// digits (any script) are kept, lower-cased, with accents removed (NFKD, combining marks
// dropped); everything else separates tokens. "Serverless, functions!" → serverless functions.

/** The words of a text, normalised. */
export function tokens(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((t) => t !== '');
}

/** The text's letters and digits run together: the recogniser of on-screen text drops the spaces between words ("FAVETESTVIDEO"). */
export function compact(text: string): string {
  return tokens(text).join('');
}
