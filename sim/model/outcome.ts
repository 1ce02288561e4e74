// Outcome codes of a call or a request, as small integers for the hot path. The names are
// the ones the result file and the summary table use (status codes as in docs/openfaas-behaviour.md).
export const OK = 0;
export const E429 = 1; // of-watchdog max_inflight exceeded
export const E500 = 2; // provider timeout ("Can't reach service"), or of-watchdog's upstream not listening yet (readiness 'watchdog')
export const E502 = 3; // gateway upstream_timeout
export const E503 = 4; // no ready replica
export const E504 = 5; // of-watchdog exec_timeout
export const CLOSED = 6; // gateway write_timeout: connection closed, no status
export const OOM = 7; // replica OOM-killed with the call in flight
export const CLIENT_TIMEOUT = 8; // the caller gave up
export const ABORTED = 9; // a pipeline stage failed, or the run was cut at the drain limit
export const OUTCOME_COUNT = 10;

export const OUTCOME_NAMES = ['ok', '429', '500', '502', '503', '504', 'connection-closed', 'oom', 'client-timeout', 'aborted'] as const;
export type OutcomeName = (typeof OUTCOME_NAMES)[number];
