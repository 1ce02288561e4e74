// Bounds on what an input file (scenario, sweep, calibration profile) may be, before the
// schema looks at what it says. docs/input-limits.md gives the reason for each.

/** A scenario, sweep or profile file larger than this is refused unread. */
export const MAX_INPUT_BYTES = 32 * 1024 * 1024;

/** Objects and arrays nested deeper than this are refused: the validator and the loaders
 * walk values recursively, and the deepest shipped file nests 8 levels. */
export const MAX_DEPTH = 64;

/** Values (numbers, strings, objects, ...) in one input: the most a file under the size
 * limit could hold is about 16M ("0," repeated), and nothing real comes near. */
export const MAX_VALUES = 10_000_000;

/** How much of a file an error may quote: a profile pointed at /etc/passwd or a binary file
 * should not end up on the terminal. */
export const EXCERPT_CHARS = 40;

/** Problems listed in one error; the rest are counted. */
export const MAX_ISSUES_SHOWN = 50;
