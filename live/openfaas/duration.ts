import { DURATION_FORMS, parseWatchdogDuration } from '../../stages/runtime/duration.ts';
import { ConfigError } from './errors.ts';

/** Parses an OpenFaaS duration into milliseconds; `variable` names it in errors. */
export default function parseDuration(variable: string, value: string): number {
  const ms = parseWatchdogDuration(value);
  if (ms === undefined) throw new ConfigError(variable, value, `expected ${DURATION_FORMS}`);
  return ms;
}
