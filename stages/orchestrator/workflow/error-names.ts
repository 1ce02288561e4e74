// A failed Task call, live, by the names the simulator gives its outcomes
// (sim/workflow/error-names.ts, docs/workflows.md), so one Retry or Catch means the same in
// both: the gateway's status picks FAVE.<status>, the Task's own timeout States.Timeout, a
// dropped connection FAVE.ConnectionClosed. What OpenFaaS itself never answers on the call
// path (a function's 400, a 404 for a function not deployed, an answer that is not JSON) has
// no name of its own: it is States.TaskFailed, matched by States.TaskFailed and States.ALL.
// FAVE.OOM is never raised live: a client cannot tell an OOM kill from a closed connection.
import { PipelineStageError } from '../errors.ts';

export const STATES_ALL = 'States.ALL';
export const STATES_TIMEOUT = 'States.Timeout';
export const STATES_TASK_FAILED = 'States.TaskFailed';

/** A failed call as a retrier or catcher sees it, and as the run's result counts it. */
export interface TaskFailure {
  /** The error name Retry and Catch match. */
  name: string;
  /** The simulator's outcome name for the call (sim/model/outcome.ts OUTCOME_NAMES). */
  outcome: string;
  httpStatus: number | null;
  cause: string;
  message: string;
}

const BY_STATUS: Record<number, string> = { 429: '429', 500: '500', 502: '502', 503: '503', 504: '504' };

export function failureOf(error: PipelineStageError): TaskFailure {
  const base = { httpStatus: error.httpStatus, cause: error.stageCause, message: error.message };
  // The Task's own deadline ran out, waiting for an answer or between 429 back-offs.
  if (error.stageCause === 'timeout' && (error.httpStatus === null || error.httpStatus === 429)) {
    return { ...base, name: STATES_TIMEOUT, outcome: 'client-timeout' };
  }
  if (error.httpStatus === null) return { ...base, name: 'FAVE.ConnectionClosed', outcome: 'connection-closed' };
  const known = BY_STATUS[error.httpStatus];
  if (known) return { ...base, name: `FAVE.${known}`, outcome: known };
  // As live runs count a status the platform model lacks (live/run/attempt.ts outcomeOfStatus);
  // a 200 that is not JSON is the function breaking its contract, counted as aborted too.
  return { ...base, name: STATES_TASK_FAILED, outcome: error.httpStatus >= 500 ? '500' : 'aborted' };
}

/** ASL's matching: a name, States.ALL for any, States.TaskFailed for any but States.Timeout. */
export function errorMatches(errorEquals: readonly string[], name: string): boolean {
  return errorEquals.some((n) => n === name || n === STATES_ALL || (n === STATES_TASK_FAILED && name !== STATES_TIMEOUT));
}
