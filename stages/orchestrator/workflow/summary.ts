// What a workflow request answers (and writes to summary.json): every call it made, failed
// ones included, with the simulator's outcome name for each, so `./fave live run` counts
// calls per function as the simulator does (live/run/runner.ts callsOf), and totals per
// function. A function on FAVE's stage runtime sends its telemetry record, kept per call; any
// other function is timed by of-watchdog's X-Duration-Seconds.
import type { StateMode } from '../../runtime/state-store.ts';
import { type TelemetryRecord, validateTelemetry } from '../../runtime/telemetry.ts';
import type { FanoutMode } from '../config.ts';
import type { LostUpdateCheck } from '../request-state.ts';

export interface WorkflowCall {
  callKey: string;
  /** The function called (named `stage` as in the pipeline's calls, which runs read alike). */
  stage: string;
  /** The Task state that made the call. */
  state: string;
  /** The simulator's outcome name: ok, 429, 500, 502, 503, 504, client-timeout, connection-closed, aborted. */
  outcome: string;
  /** null: no answer (the Task's timeout, a closed connection). */
  httpStatus: number | null;
  /** Client-side, through the gateway (429 back-offs included). */
  latencyMs: number;
  attempts: number;
  callId: string | null;
  /** Time in the function: its telemetry's, else X-Duration-Seconds; null when neither came. */
  durationSeconds: number | null;
  /** The ASL error name of a failed call (what Retry and Catch matched). */
  error?: string;
  metrics?: TelemetryRecord;
}

export interface FunctionTotals {
  calls: number;
  failed: number;
  latencyMs: number;
  serviceSeconds: number;
}

export interface WorkflowSummary {
  requestId: string;
  status: 'done';
  kind: 'workflow';
  mode: FanoutMode;
  stateMode: StateMode;
  state: string;
  wallMs: number;
  /** The execution's output; omitted past the answer limit (`outputChars` says how large). */
  output?: unknown;
  outputChars: number;
  functions: Record<string, FunctionTotals>;
  calls: WorkflowCall[];
  lostUpdates: LostUpdateCheck;
}

/** A FAVE stage's answer carries `metrics`: the call's record, not data for the next state. */
export function splitTelemetry(body: unknown): { output: unknown; metrics?: TelemetryRecord } {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('metrics' in body)) return { output: body };
  const { metrics, ...rest } = body as Record<string, unknown>;
  try {
    return { output: rest, metrics: validateTelemetry(metrics) };
  } catch {
    return { output: body }; // a field of the function's own that happens to be called metrics
  }
}

export function functionTotals(calls: readonly WorkflowCall[]): Record<string, FunctionTotals> {
  const totals: Record<string, FunctionTotals> = {};
  for (const c of calls) {
    const t = (totals[c.stage] ??= { calls: 0, failed: 0, latencyMs: 0, serviceSeconds: 0 });
    t.calls += 1;
    if (c.outcome !== 'ok') t.failed += 1;
    t.latencyMs += c.latencyMs;
    t.serviceSeconds += c.durationSeconds ?? 0;
  }
  return totals;
}
