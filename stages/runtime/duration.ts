// OpenFaaS components (of-watchdog, the gateway, faas-netes) read a timeout as whole seconds
// ("60") or a Go duration ("65s", "1m30s", "500ms"). One parser for the stage runtime and
// live/ (which may import stages/), so the two never disagree on what a value means.
const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  'µs': 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};
const GO_DURATION = /^(\d+(?:\.\d+)?(?:ns|us|µs|ms|s|m|h))+$/;
const PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;

/** What callers print when a value is not a duration. */
export const DURATION_FORMS = 'whole seconds ("60") or a Go duration ("65s", "1m30s", "500ms")';

/** Milliseconds of an OpenFaaS duration, or undefined when `value` is neither form
 * (of-watchdog falls back to its default then; FAVE's callers report it instead). */
export function parseWatchdogDuration(value: string): number | undefined {
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!GO_DURATION.test(text)) return undefined;
  let ms = 0;
  for (const match of text.matchAll(PART)) ms += Number(match[1]) * UNIT_MS[match[2]!]!;
  return ms;
}
