import { expectRecord, expectS3Uri, parseS3Uri, StageError, type Env, type StageDefinition } from '../runtime/index.ts';
import type { ObjectStore } from '../runtime/object-store.ts';
import { parseOrchestratorConfig, type OrchestratorConfig } from './config.ts';
import { PipelineStageError } from './errors.ts';
import { createStageInvoker } from './gateway-client.ts';
import { createLimiter } from '../runtime/limiter.ts';
import { runPipeline, type PipelineLog } from './pipeline.ts';
import { parseRequestOptions } from './request-options.ts';
import { checkLostUpdates, initialState, stateKey, withCall, withOutcome, type RequestFailure } from './request-state.ts';
import { createStateStore } from './state-store-client.ts';
import { stateWriter } from './state-writer.ts';
import { parseWorkflowRequest } from './workflow/request.ts';
import { runWorkflowRequest } from './workflow/run-request.ts';
import { summarise, type FailedSummary } from './summary.ts';
import { buildIndex, failedIndex, indexKey, type VideoIndex } from './video-index.ts';

export interface OrchestratorState {
  config: OrchestratorConfig;
  /** Where state.json lives: needs ETags and conditional writes, which ctx's artifacts do not expose. */
  store: ObjectStore;
  fetch: typeof fetch;
}

export interface OrchestratorDeps {
  /** Default: an S3 store from the S3_* variables, as every stage's, with request time limits. */
  store?: (env: Env) => ObjectStore | Promise<ObjectStore>;
  fetch?: typeof fetch;
}

/**
 * The orchestrator as a stage: `{video, requestId?, options?}` → drives every stage through
 * the gateway, keeps state.json current, answers the summary (see README.md); or
 * `{workflow, input?, requestId?, options?}` → runs that workflow (workflow/run-request.ts).
 */
export function createOrchestrator(deps: OrchestratorDeps = {}): StageDefinition<OrchestratorState> {
  return {
    name: 'orchestrator',
    init: async (env) => ({
      config: parseOrchestratorConfig(env),
      store: await (deps.store ?? createStateStore)(env),
      fetch: deps.fetch ?? fetch,
    }),
    handler: async (input, ctx) => {
      const started = performance.now();
      const body = expectRecord(input);
      const { config, store } = ctx.state;
      // A workflow request (an ASL machine to run) rather than VideoSearcher's {video}.
      if (body.workflow !== undefined) return runWorkflowRequest(parseWorkflowRequest(body, config), ctx, started);
      const video = expectS3Uri(body, 'video');
      const options = parseRequestOptions(body.options, config);
      const key = stateKey(ctx.requestId);
      const { write, writeOutcome } = stateWriter(store, key, options.stateMode, config);

      const putIndex = async (index: VideoIndex): Promise<string> => {
        try {
          await store.put(indexKey(ctx.requestId), Buffer.from(`${JSON.stringify(index)}\n`));
        } catch (error) {
          throw new StageError('storage', `writing ${indexKey(ctx.requestId)} failed: ${(error as Error).message}`, { cause: error });
        }
        return `s3://${parseS3Uri(ctx.uriFor('summary.json')).bucket}/${indexKey(ctx.requestId)}`;
      };

      await write(() => initialState({ requestId: ctx.requestId, video, fanout: options.fanout, stateMode: options.stateMode }, new Date()));
      const invoke = createStageInvoker(config, {
        fetch: ctx.state.fetch,
        limiter: createLimiter(options.fanout === 'parallel' ? config.maxParallelCalls : 1),
      });
      const log: PipelineLog = { calls: [], callKeys: [] };
      const request = { requestId: ctx.requestId, video, fanout: options.fanout, fps: options.fps, vadMethod: options.vadMethod };
      let result;
      let indexUri: string;
      try {
        result = await ctx.phase('compute', () =>
          runPipeline(request, { invoke, record: async (callKey, entry) => void (await write((s) => withCall(s, callKey, entry))) }, log));
        // The index before the final status: whoever sees "done" in state.json can read it.
        const built = result;
        indexUri = await ctx.phase('upload', async () => putIndex(await buildIndex(
          { requestId: ctx.requestId, video, result: built, now: new Date() },
          (uri) => ctx.getJson(uri),
        )));
      } catch (error) {
        const failure: RequestFailure = error instanceof PipelineStageError
          ? { stage: error.stage, callKey: error.callKey, httpStatus: error.httpStatus, cause: error.stageCause, message: error.detail }
          : { stage: 'orchestrator', callKey: 'orchestrator', httpStatus: null, cause: error instanceof StageError ? error.stageCause : 'internal', message: (error as Error).message };
        // The index and summary say why, so a search or a person finds a clear answer, not
        // nothing. Best effort, apart from the final status: a store outage that failed the
        // request must not also keep state.json at "running".
        let summary: string | undefined;
        try {
          const index = await putIndex(failedIndex({ requestId: ctx.requestId, video, error: failure, calls: log.calls, now: new Date() }));
          const failed: FailedSummary = { requestId: ctx.requestId, status: 'failed', video, state: `s3://${parseS3Uri(index).bucket}/${key}`, index, error: failure };
          summary = await ctx.putJson('summary.json', failed);
        } catch (recording) {
          process.stderr.write(`orchestrator: ${ctx.requestId}: could not write the failed index or summary: ${(recording as Error).message}\n`);
        }
        try {
          await writeOutcome((s) => withOutcome(s, { status: 'failed', error: failure, ...(summary ? { summary } : {}) }, new Date()));
        } catch (recording) {
          // The answer (and this process's telemetry) still carries the original cause.
          process.stderr.write(`orchestrator: ${ctx.requestId}: could not record the failure: ${(recording as Error).message}\n`);
        }
        throw error;
      }
      const summaryUri = ctx.uriFor('summary.json');
      const final = await ctx.phase('upload', () => writeOutcome((s) => withOutcome(s, { status: 'done', summary: summaryUri }, new Date())));
      const summary = summarise({
        requestId: ctx.requestId, video, fanout: options.fanout, stateMode: options.stateMode,
        state: `s3://${parseS3Uri(summaryUri).bucket}/${key}`, index: indexUri, wallMs: performance.now() - started,
        result, calls: log.calls, lostUpdates: checkLostUpdates(log.callKeys, final),
      });
      await ctx.phase('upload', () => ctx.putJson('summary.json', summary));
      return summary;
    },
  };
}

export const orchestrator = createOrchestrator();
