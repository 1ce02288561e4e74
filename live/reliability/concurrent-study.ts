import type { StateMode } from '../../stages/runtime/state-store.ts';
import type { FakePlatform, PipelineAnswer } from './fake-platform.ts';
import { countLostUpdates, type LostUpdateCount } from './lost-updates.ts';

/** N pipelines started at once through the gateway, parallel fan-out, one state mode. */
export interface ConcurrentRun {
  pipelines: number;
  stateMode: StateMode;
  wallMs: number;
  done: number;
  failed: number;
  /**
   * Σ lost over the pipelines that answered done (stage telemetry vs state.json): updates
   * that vanished silently. A failed pipeline's missing entries are in `unrecordedInFailed`
   * (its answer says why).
   */
  lost: number;
  unrecordedInFailed: number;
  /** Σ stage calls answered. */
  callsAnswered: number;
  /** Pipelines that lost at least one entry. */
  pipelinesWithLoss: number;
  /** What the orchestrator itself reported (summary.lostUpdates.lost), for comparison. */
  lostReportedByOrchestrator: number;
  perPipeline: LostUpdateCount[];
  answers: Array<Pick<PipelineAnswer, 'requestId' | 'status' | 'ms'> & { cause?: string; message?: string }>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runConcurrentPipelines(
  platform: FakePlatform,
  settings: { pipelines: number; stateMode: StateMode; tag: string },
): Promise<ConcurrentRun> {
  const ids = Array.from({ length: settings.pipelines }, (_, i) => `${settings.tag}-${settings.stateMode}-${String(i).padStart(3, '0')}`);
  const started = performance.now();
  const answers = await Promise.all(ids.map((id) => platform.runPipeline(id, { fanout: 'parallel', stateMode: settings.stateMode })));
  const wallMs = performance.now() - started;
  // Telemetry comes through the replicas' stdout pipes: wait until every call the
  // orchestrators made has its line (or 5 s).
  const expected = answers.reduce((n, a) => n + Number(a.body.lostUpdates?.callsMade ?? 0), 0);
  const seen = () => platform.telemetry.filter((t) => ids.includes(t.requestId) && t.stage !== 'orchestrator').length;
  for (const deadline = Date.now() + 5_000; seen() < expected && Date.now() < deadline;) await sleep(50);
  const perPipeline: LostUpdateCount[] = [];
  for (const id of ids) perPipeline.push(countLostUpdates(id, platform.telemetry, await platform.readState(id)));
  return {
    pipelines: settings.pipelines,
    stateMode: settings.stateMode,
    wallMs,
    done: answers.filter((a) => a.status === 200).length,
    failed: answers.filter((a) => a.status !== 200).length,
    lost: perPipeline.reduce((n, p, i) => n + (answers[i]!.status === 200 ? p.lost : 0), 0),
    unrecordedInFailed: perPipeline.reduce((n, p, i) => n + (answers[i]!.status === 200 ? 0 : p.lost), 0),
    callsAnswered: perPipeline.reduce((n, p) => n + p.callsAnswered, 0),
    pipelinesWithLoss: perPipeline.filter((p, i) => p.lost > 0 && answers[i]!.status === 200).length,
    lostReportedByOrchestrator: answers.reduce((n, a) => n + Number(a.body.lostUpdates?.lost ?? 0), 0),
    perPipeline,
    answers: answers.map((a) => ({ requestId: a.requestId, status: a.status, ms: a.ms, cause: a.body.error?.cause, message: a.body.error?.message })),
  };
}
