// How ASL error names map to the simulator's call outcomes (docs/workflows.md). A Task's
// Retry and Catch match a failed call by these names; each name stands for a set of
// outcome codes (sim/model/outcome.ts), kept as a bit mask so that matching in the hot
// loop is one AND. Step Functions' own meanings are kept: States.Timeout is the Task's
// TimeoutSeconds running out (the orchestrator gives up on the call), States.TaskFailed
// every other failure, States.ALL both. The FAVE.* names pick one platform failure each.
import { CLIENT_TIMEOUT, CLOSED, E429, E500, E502, E503, E504, OOM } from '../model/outcome.ts';

const bit = (code: number) => 1 << code;
const FAILED = bit(E429) | bit(E500) | bit(E502) | bit(E503) | bit(E504) | bit(CLOSED) | bit(OOM);

/** Every error name the simulator raises, and the outcomes it matches. */
export const ERROR_MASKS: ReadonlyMap<string, number> = new Map([
  ['States.ALL', FAILED | bit(CLIENT_TIMEOUT)],
  ['States.TaskFailed', FAILED],
  ['States.Timeout', bit(CLIENT_TIMEOUT)],
  ['FAVE.429', bit(E429)],
  ['FAVE.500', bit(E500)],
  ['FAVE.502', bit(E502)],
  ['FAVE.503', bit(E503)],
  ['FAVE.504', bit(E504)],
  ['FAVE.ConnectionClosed', bit(CLOSED)],
  ['FAVE.OOM', bit(OOM)],
]);

/** Does a retrier's or catcher's mask match a call that ended with `code`? */
export function matches(mask: number, code: number): boolean {
  return (mask & (1 << code)) !== 0;
}
