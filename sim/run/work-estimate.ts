// How many events a replication will take, worked out from its configuration before it
// runs: the arrivals the workload gives (each executor's expected count), the calls each
// request makes (the workflow's expected calls, its Maps' expected counts), and the periodic
// events (autoscaler, idler, node speed or its measured trace, time-series samples). An
// estimate of the expected case, not a bound: retries, timeouts and scale-from-zero polling
// add events it does not count.
import type { SimConfig } from '../model/config.ts';
import { STEPS_PER_TAU } from '../model/node-speed.ts';
import { seriesStep } from '../model/recorder.ts';
import { expectedTraceArrivals } from '../trace/trace-arrivals.ts';
import { expectedArrivals } from '../workload/registry.ts';
import { expectedCalls } from './expected-calls.ts';

/** Events a call takes, measured: 2.08 per call on the 1M-request pipeline benchmark (a
 * completion and a state write per stage call, the dispatch through the gateway), 1 on the
 * Lambda fast path (its completion). The arrival is one more per request. */
export const EVENTS_PER_CALL = 2;

export interface WorkEstimate {
  /** Requests the workload sends. */
  arrivals: number;
  /** Function calls per request, the orchestrator's included. */
  callsPerRequest: number;
  /** Periodic events, whatever the load. */
  ticks: number;
  events: number;
}

export function estimateReplication(cfg: SimConfig): WorkEstimate {
  const arrivals = cfg.trace && cfg.workload.executor === 'azure-trace' ? expectedTraceArrivals(cfg.trace, cfg.horizon) : expectedArrivals(cfg.workload, cfg.horizon);
  const callsPerRequest = cfg.workflow ? 1 + expectedCalls(cfg.workflow) : 1;
  const ticks = periodicEvents(cfg);
  return { arrivals, callsPerRequest, ticks, events: arrivals * (1 + EVENTS_PER_CALL * callsPerRequest) + ticks };
}


/** Periodic events up to the horizon (a run that drains quickly ends there). */
function periodicEvents(cfg: SimConfig): number {
  let n = cfg.horizon / seriesStep(cfg.output.timeSeriesStep, cfg.horizon + cfg.drainLimit) + 1; // at most 2001 samples
  if (cfg.functions.some((f) => f.scaling.mode !== 'lambda')) n += cfg.horizon / cfg.autoscaler.interval;
  if (cfg.functions.some((f) => f.scaling.zero)) n += cfg.horizon / cfg.provider.reconcileInterval;
  if (cfg.speed) n += cfg.horizon / (cfg.speed.tau / STEPS_PER_TAU);
  if (cfg.speedTrace) n += speedChanges(cfg.speedTrace.at, cfg.horizon);
  return n;
}

/** The trace's changes after 0 and up to the horizon, one event each (at is ascending). */
function speedChanges(at: Float64Array, horizon: number): number {
  let lo = 1;
  let hi = at.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (at[mid]! <= horizon) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
