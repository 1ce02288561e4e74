// planShards: one point per shard, seeds in order, each seed tied to its task.
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../scenario/types.ts';
import { planShards } from './plan-shards.ts';
import type { SweepJob } from './run-sweep.ts';
import type { Task } from './worker.ts';

const job: SweepJob = { profilePath: null, profile: null, source: 'base.json', scenarios: [{ name: 'a' }, { name: 'b' }] as unknown as Scenario[] };
const tasks: Task[] = [0, 1].flatMap((point) => [7, 8, 9].map((seed) => ({ id: 0, point, seed })));
tasks.forEach((t, i) => (t.id = i));

describe('planShards', () => {
  it('planShards puts all of a point\'s seeds in one shard by default', () => {
    const planned = planShards(tasks, job);
    expect(planned.map((p) => [p.shard.id, p.shard.point, p.shard.seeds, p.taskIds])).toEqual([
      ['p0.0', 0, [7, 8, 9], [0, 1, 2]],
      ['p1.0', 1, [7, 8, 9], [3, 4, 5]],
    ]);
    expect(planned[1]!.shard).toMatchObject({ format: 'fave.sweep-shard/v1', source: 'base.json', scenario: { name: 'b' }, profile: null });
  });

  it('planShards cuts a point into shards of at most seedsPerShard seeds', () => {
    const planned = planShards(tasks, job, 2);
    expect(planned.map((p) => [p.shard.id, p.shard.seeds, p.taskIds])).toEqual([
      ['p0.0', [7, 8], [0, 1]],
      ['p0.1', [9], [2]],
      ['p1.0', [7, 8], [3, 4]],
      ['p1.1', [9], [5]],
    ]);
  });

  it('planShards rejects a shard size below 1', () => {
    expect(() => planShards(tasks, job, 0)).toThrow('seedsPerShard must be >= 1 (got 0)');
  });
});
