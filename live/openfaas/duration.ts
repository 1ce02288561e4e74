import { ConfigError } from './errors.ts';

// OpenFaaS components read timeouts as either whole seconds ("60") or a Go duration
// ("65s", "1m30s", "500ms"); we accept exactly those forms and nothing else.
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

/** Parses an OpenFaaS duration into milliseconds; `variable` names it in errors. */
export default function parseDuration(variable: string, value: string): number {
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!GO_DURATION.test(text)) {
    throw new ConfigError(variable, value, 'expected whole seconds ("60") or a Go duration ("65s", "1m30s", "500ms")');
  }
  let ms = 0;
  for (const match of text.matchAll(PART)) ms += Number(match[1]) * UNIT_MS[match[2]!]!;
  return ms;
}
