// How the orchestrator writes a request's state.json, for the pipeline and for workflows
// alike: every update by read-modify-write in the request's state mode (updateState), a store
// failure failing the request with cause `storage`, and the final status retried through a
// store outage (S3 restarting), so a request that outlives one still ends with done/failed in
// state.json rather than "running".
import { StageError } from '../runtime/index.ts';
import type { ObjectStore } from '../runtime/object-store.ts';
import { type StateMode, updateState } from '../runtime/state-store.ts';
import type { OrchestratorConfig } from './config.ts';
import type { RequestState } from './request-state.ts';

export type Mutation = (s: RequestState | null) => RequestState;

export interface StateWriter {
  write(mutate: Mutation): Promise<RequestState>;
  /** The final status: retried for STATE_OUTCOME_RETRY_MS while the store fails. */
  writeOutcome(mutate: Mutation): Promise<RequestState>;
}

export function stateWriter(store: ObjectStore, key: string, mode: StateMode, config: OrchestratorConfig): StateWriter {
  const write = async (mutate: Mutation) => {
    try {
      return (await updateState<RequestState>(store, key, mutate, { mode, maxAttempts: config.stateMaxAttempts })).state;
    } catch (error) {
      // S3 down, slow past its limits, or the document gone: the request fails with cause storage.
      if (error instanceof StageError) throw error;
      throw new StageError('storage', `recording ${key} failed: ${(error as Error).message}`, { cause: error });
    }
  };
  const writeOutcome = async (mutate: Mutation) => {
    const deadline = performance.now() + config.stateOutcomeRetryMs;
    for (let pauseMs = 100; ; pauseMs = Math.min(pauseMs * 2, 2_000)) {
      try {
        return await write(mutate);
      } catch (error) {
        if (performance.now() + pauseMs > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, pauseMs));
      }
    }
  };
  return { write, writeOutcome };
}
