// Cuts a sweep's tasks into shards for remote runners: each shard is one point and up to
// `seedsPerShard` of its seeds, in task order, and remembers which task each seed answers,
// so results land in the same slots whatever order the shards finish in.
import type { SweepJob } from './run-sweep.ts';
import { type Shard, SHARD_FORMAT } from './shard.ts';
import type { Task } from './worker.ts';

export interface PlannedShard {
  shard: Shard;
  /** Task id of each of the shard's seeds, in seed order. */
  taskIds: number[];
}

export function planShards(tasks: Task[], job: SweepJob, seedsPerShard = Infinity): PlannedShard[] {
  if (!(seedsPerShard >= 1)) throw new RangeError(`planShards: seedsPerShard must be >= 1 (got ${seedsPerShard})`);
  const byPoint = new Map<number, Task[]>();
  for (const t of tasks) {
    const list = byPoint.get(t.point);
    if (list) list.push(t);
    else byPoint.set(t.point, [t]);
  }
  const out: PlannedShard[] = [];
  for (const [point, list] of byPoint) {
    for (let start = 0, k = 0; start < list.length; start += seedsPerShard, k++) {
      const chunk = list.slice(start, start + seedsPerShard);
      out.push({
        shard: {
          format: SHARD_FORMAT,
          id: `p${point}.${k}`,
          point,
          source: job.source,
          scenario: job.scenarios[point]!,
          profile: job.profile,
          seeds: chunk.map((t) => t.seed),
        },
        taskIds: chunk.map((t) => t.id),
      });
    }
  }
  return out;
}
