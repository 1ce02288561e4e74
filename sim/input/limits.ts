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

/** A scenario's `platform.speedTrace` (schemas/scenario.schema.json says the same): speeds
 * within 20x of the calibrated machine either way, since a measurement past that is a broken
 * probe, not a machine (a 20x slower node turns a 1 s call into 20 s); at most a million
 * points, 11.6 days at one a second, which keeps the replay's events few beside a run's calls. */
export const SPEED_TRACE_MIN = 0.05;
export const SPEED_TRACE_MAX = 20;
export const SPEED_TRACE_MAX_POINTS = 1_000_000;
