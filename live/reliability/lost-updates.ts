import type { RequestState } from '../../stages/orchestrator/request-state.ts';
import type { TelemetryRecord } from '../../stages/runtime/telemetry.ts';

/**
 * Lost state updates of one request, counted without trusting the orchestrator's own
 * bookkeeping: the calls the stages themselves report having answered (their telemetry
 * lines, status ok) against the entries its state.json holds, stage by stage.
 */
export interface LostUpdateCount {
  requestId: string;
  /** Stage calls answered ok, from the stages' telemetry. */
  callsAnswered: number;
  /** Entries with status ok in state.json. */
  entriesRecorded: number;
  lost: number;
  /** Per stage: answered − recorded, where positive. */
  lostByStage: Record<string, number>;
}

export function countLostUpdates(requestId: string, telemetry: readonly TelemetryRecord[], state: RequestState | null): LostUpdateCount {
  const answered = new Map<string, number>();
  for (const t of telemetry) {
    if (t.requestId !== requestId || t.stage === 'orchestrator' || t.status !== 'ok') continue;
    answered.set(t.stage, (answered.get(t.stage) ?? 0) + 1);
  }
  const recorded = new Map<string, number>();
  for (const entry of Object.values(state?.calls ?? {})) {
    if (entry.status === 'ok') recorded.set(entry.stage, (recorded.get(entry.stage) ?? 0) + 1);
  }
  const lostByStage: Record<string, number> = {};
  let lost = 0;
  for (const [stage, n] of answered) {
    const missing = n - (recorded.get(stage) ?? 0);
    if (missing > 0) {
      lostByStage[stage] = missing;
      lost += missing;
    }
  }
  const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  return { requestId, callsAnswered: sum(answered), entriesRecorded: sum(recorded), lost, lostByStage };
}
