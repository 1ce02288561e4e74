// The orchestrator's own time per stage call: a request's client duration less the handler
// time of its stage calls, shared out over the calls it made through the gateway. This is
// everything outside the handlers' timers: the orchestrator's work and its state.json writes,
// the gateway and provider hops, HTTP, and the client's hop to the orchestrator. Only requests
// that ran alone give it unshared (a busy orchestrator's time is its concurrent requests'
// together).

export interface RequestTime {
  /** Client duration, seconds. */
  duration: number;
  /** Handler time of its stage calls, seconds. */
  stageSeconds: number;
  /** Stage calls it made through the gateway. */
  calls: number;
}

/** Seconds outside the stage handlers per stage call; null when there were no calls. */
export function perCallOverhead(r: RequestTime): number | null {
  if (r.calls <= 0) return null;
  return Math.max(0, r.duration - r.stageSeconds) / r.calls;
}
