// One workflow request, end to end: state.json created, the machine run by the interpreter
// with each Task a call through the gateway (the pipeline's caller: 429 back-offs, deadline,
// error mapping), state.json written after every successful call (as the simulator's
// workflow writes it: not after a failed one), then the final status and summary.json. An
// execution that aborts answers 500 with `abort` (what the result counts it under) and the
// calls made, so a live run counts them as the simulator does.
import { parseS3Uri, StageError, type StageContext } from '../../runtime/index.ts';
import { createLimiter } from '../../runtime/limiter.ts';
import { isStageCause, PipelineStageError } from '../errors.ts';
import { createFunctionCaller } from '../gateway-client.ts';
import { checkLostUpdates, initialState, outputUris, stateKey, withCall, withOutcome, type RequestFailure } from '../request-state.ts';
import type { OrchestratorState } from '../stage.ts';
import { stateWriter } from '../state-writer.ts';
import { failureOf } from './error-names.ts';
import { runWorkflow, TaskCallError, WorkflowAbort } from './interpreter.ts';
import { WORKFLOW_LIMITS } from './live-checks.ts';
import type { WorkflowRequest } from './request.ts';
import { functionTotals, splitTelemetry, type WorkflowCall, type WorkflowSummary } from './summary.ts';

export async function runWorkflowRequest(req: WorkflowRequest, ctx: StageContext<OrchestratorState>, started: number): Promise<WorkflowSummary> {
  const { config, store } = ctx.state;
  const { requestId } = ctx;
  const key = stateKey(requestId);
  const stateUri = `s3://${parseS3Uri(ctx.uriFor('summary.json')).bucket}/${key}`;
  const { write, writeOutcome } = stateWriter(store, key, req.stateMode, config);
  await write(() => initialState({ requestId, workflow: { functions: req.functions }, fanout: req.mode, stateMode: req.stateMode }, new Date()));

  const call = createFunctionCaller(config, { fetch: ctx.state.fetch, limiter: createLimiter(req.mode === 'parallel' ? config.maxParallelCalls : 1) });
  const calls: WorkflowCall[] = [];
  const recorded: string[] = []; // call keys written to state.json, for the lost-update check
  let output: unknown;
  try {
    output = await ctx.phase('compute', () => runWorkflow(req.machine, req.input, {
      mode: req.mode,
      defaultTimeoutMs: config.stageTimeoutMs,
      limits: WORKFLOW_LIMITS,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      call: async (c) => {
        let answer;
        try {
          answer = await call(c.fn, c.callKey, c.body, c.timeoutMs);
        } catch (error) {
          if (!(error instanceof PipelineStageError)) throw error;
          const failure = failureOf(error);
          calls.push({
            callKey: c.callKey, stage: c.fn, state: c.state, outcome: failure.outcome, httpStatus: failure.httpStatus,
            latencyMs: error.latencyMs, attempts: error.attempts, callId: null, durationSeconds: null, error: failure.name,
          });
          throw new TaskCallError(failure);
        }
        const { output: result, metrics } = splitTelemetry(answer.body);
        calls.push({
          callKey: c.callKey, stage: c.fn, state: c.state, outcome: 'ok', httpStatus: 200, latencyMs: answer.latencyMs,
          attempts: answer.attempts, callId: answer.callId ?? metrics?.callId ?? null,
          durationSeconds: metrics?.durationSeconds ?? answer.durationSeconds, ...(metrics ? { metrics } : {}),
        });
        recorded.push(c.callKey);
        const outputs = typeof result === 'object' && result !== null && !Array.isArray(result) ? outputUris(result as Record<string, unknown>) : [];
        await write((s) => withCall(s, c.callKey, {
          stage: c.fn, status: 'ok', httpStatus: 200, latencyMs: answer.latencyMs, attempts: answer.attempts, outputs,
          ...(metrics ? { replicaId: metrics.replicaId, coldStart: metrics.coldStart } : {}), at: new Date().toISOString(),
        }));
        return { output: result, chars: answer.answerChars };
      },
    }));
  } catch (error) {
    throw await failed(error);
  }

  const summaryUri = ctx.uriFor('summary.json');
  const final = await ctx.phase('upload', () => writeOutcome((s) => withOutcome(s, { status: 'done', summary: summaryUri }, new Date())));
  const outputChars = JSON.stringify(output)?.length ?? 0;
  const summary: WorkflowSummary = {
    requestId, status: 'done', kind: 'workflow', mode: req.mode, stateMode: req.stateMode, state: stateUri,
    wallMs: performance.now() - started,
    ...(outputChars <= WORKFLOW_LIMITS.maxAnswerChars ? { output } : {}), outputChars,
    functions: functionTotals(calls), calls, lostUpdates: checkLostUpdates(recorded, final),
  };
  await ctx.phase('upload', () => ctx.putJson('summary.json', summary));
  return summary;

  /** The error the request answers with, after recording the failure (best effort but for the status). */
  async function failed(error: unknown): Promise<unknown> {
    const abort = error instanceof WorkflowAbort ? error : undefined;
    const f = abort?.failure;
    const failure: RequestFailure = f
      ? { stage: f.fn, callKey: f.callKey, httpStatus: f.httpStatus, cause: isStageCause(f.cause) ? f.cause : 'internal', message: f.message }
      : abort
        ? { stage: abort.state, callKey: abort.state, httpStatus: null, cause: 'internal', message: abort.message }
        : { stage: 'orchestrator', callKey: 'orchestrator', httpStatus: null, cause: error instanceof StageError ? error.stageCause : 'internal', message: (error as Error).message };
    const answer = {
      // `at` and `outcome` make `key` as the simulator counts aborts: `<function> <outcome>` or `<state> <Error>`.
      ...(abort ? { abort: { key: abort.key, at: f ? f.fn : abort.state, outcome: f ? f.outcome : abort.error, kind: abort.kind, state: abort.state, error: abort.error, cause: abort.detail } } : {}),
      state: stateUri, functions: functionTotals(calls), calls,
    };
    let summary: string | undefined;
    try {
      summary = await ctx.putJson('summary.json', { requestId, status: 'failed', kind: 'workflow', error: failure, ...answer });
    } catch (recording) {
      process.stderr.write(`orchestrator: ${requestId}: could not write the failed summary: ${(recording as Error).message}\n`);
    }
    try {
      await writeOutcome((s) => withOutcome(s, { status: 'failed', error: failure, ...(summary ? { summary } : {}) }, new Date()));
    } catch (recording) {
      process.stderr.write(`orchestrator: ${requestId}: could not record the failure: ${(recording as Error).message}\n`);
    }
    if (!abort) return error;
    return new StageError(failure.cause, `the workflow aborted at ${abort.message}`, { answer });
  }
}
