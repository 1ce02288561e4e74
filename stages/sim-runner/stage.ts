// The simulator as an OpenFaaS function: POST one sweep shard (a point's scenario, the
// calibration profile, the seeds), get back each seed's replication summary and end-to-end
// histogram — what a local sweep worker thread returns for the same tasks.
// Importing sim/ from a stage is a deliberate exception to the import rules in docs/design.md
// (see README.md): only pure modules, and the same code the local pool runs.
import { ConfigError } from '../../sim/scenario/errors.ts';
import { parseShard, runShard, type Shard } from '../../sim/sweep/shard.ts';
import { fromWire, toWire } from '../../sim/sweep/wire.ts';
import { StageError, type ArtifactStore, type StageDefinition } from '../runtime/index.ts';

export const simRunner: StageDefinition<undefined> = {
  name: 'sim-runner',
  handler: async (input, ctx) => {
    let shard: Shard;
    try {
      shard = parseShard(fromWire(input), 'shard');
    } catch (e) {
      // A body we cannot run is the caller's mistake: 400, naming every bad field.
      if (e instanceof ConfigError || (e instanceof Error && e.message.startsWith('fromWire:'))) {
        throw new StageError('bad-input', e.message, { replyStatus: 400 });
      }
      throw e;
    }
    const result = await ctx.phase('compute', async () => runShard(shard));
    return toWire(result) as object;
  },
};

/**
 * sim-runner reads and writes no artifacts, but the runtime wants a store: this one refuses
 * every use, so a stray call fails loudly instead of reaching for S3 credentials.
 */
export const noObjectStore: ArtifactStore = {
  get: async (key) => {
    throw new StageError('internal', `sim-runner has no object store (get ${key})`);
  },
  put: async (key) => {
    throw new StageError('internal', `sim-runner has no object store (put ${key})`);
  },
};
