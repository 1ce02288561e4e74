// Colour for FAVE's terminal output: only when the stream is a terminal and NO_COLOR
// (https://no-color.org: set and not empty) is not set, so a piped or redirected output, a CI
// log or a file never holds escape codes. Tables are drawn by table.ts, not a table library
// (cli-table3's colours were on whenever FORCE_COLOR was set, NO_COLOR ignored).

export interface ColourTarget {
  isTTY?: boolean;
}

export function colourOn(stream: ColourTarget = process.stdout, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

/** Bold (the table heads, a verdict); the text as is when colour is off. */
export function bold(text: string, on: boolean): string {
  return on ? `\x1b[1m${text}\x1b[22m` : text;
}

/** Red for a miss, green for a pass; the text as is when colour is off. */
export function tint(text: string, good: boolean, on: boolean): string {
  return on ? `\x1b[${good ? 32 : 31}m${text}\x1b[39m` : text;
}
