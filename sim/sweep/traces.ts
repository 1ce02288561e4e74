// The parsed traces of a sweep's azure-trace points, read once per distinct workload (a
// sweep usually varies the platform, not the trace) — in the main thread to check every
// point, and again in each worker, which cannot share the main thread's memory.
import type { Scenario } from '../scenario/types.ts';
import { readTrace } from '../trace/read.ts';
import type { TraceData } from '../trace/trace-data.ts';

export class TraceCache {
  private readonly byWorkload = new Map<string, TraceData>();

  /** @param scenarioPath trace paths in a scenario are relative to its file. */
  constructor(private readonly scenarioPath: string) {}

  /** The trace `scenario` replays, or null when its workload is not a trace. */
  of(scenario: Scenario): TraceData | null {
    const w = scenario.workload;
    if (w.executor !== 'azure-trace') return null;
    const key = JSON.stringify(w);
    let trace = this.byWorkload.get(key);
    if (!trace) this.byWorkload.set(key, (trace = readTrace(w, this.scenarioPath)));
    return trace;
  }
}
