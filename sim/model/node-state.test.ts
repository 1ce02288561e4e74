// progressRate: processor sharing, the replica's CPU cap and contention curve, and
// interference from busy neighbours, on hand-built replicas.
import { describe, expect, it } from 'vitest';
import { NodeState, progressRate } from './node-state.ts';
import type { Replica } from './replica.ts';

function replica(node: NodeState, f: number, jobs: number, opts: { interference?: number; cpuLimit?: number; slowdown?: number } = {}): Replica {
  const cfg = { cpuLimit: opts.cpuLimit ?? Infinity, slowdown: new Float64Array([1, opts.slowdown ?? 1]), interference: opts.interference ?? 0 };
  const r = { jobCount: jobs, f, node, fn: { cfg } } as unknown as Replica;
  node.demand += jobs * f;
  return r;
}

const node = (cores: number) => new NodeState({ name: 'n', cores, memoryMB: Infinity }, 0);

describe('progressRate', () => {
  it('runs alone at full speed, shares cores when the node is oversubscribed', () => {
    const n = node(2);
    const r = replica(n, 1, 1);
    expect(progressRate(r)).toBe(1);
    n.demand += 2; // two more single-threaded calls elsewhere: 3 on 2 cores
    expect(progressRate(r)).toBeCloseTo(2 / 3, 12);
  });

  it('stretches the CPU part by the interference in proportion to how busy the other cores are', () => {
    const n = node(2);
    const r = replica(n, 1, 1, { interference: 0.2 });
    expect(progressRate(r)).toBe(1); // the other core idle
    n.demand += 0.5;
    expect(progressRate(r)).toBeCloseTo(1 / 1.1, 12);
    n.demand += 0.5;
    expect(progressRate(r)).toBeCloseTo(1 / 1.2, 12);
    n.demand += 1; // 3 on 2 cores: sharing and interference both
    expect(progressRate(r)).toBeCloseTo(1 / (1.2 * 1.5), 12);
  });

  it('leaves the I/O part of a call alone, and counts a replica’s own calls as its own', () => {
    const n = node(4);
    const r = replica(n, 0.5, 2, { interference: 0.4 }); // its own 2 calls: no neighbours
    expect(progressRate(r)).toBe(1);
    n.demand += 3; // the 3 other cores all busy
    expect(progressRate(r)).toBeCloseTo(1 / (0.5 + 0.5 * 1.4), 12);
  });

  it('has no other core to interfere on one core, or on a node without a core limit', () => {
    const one = node(1);
    const r1 = replica(one, 1, 1, { interference: 0.5 });
    one.demand += 1;
    expect(progressRate(r1)).toBeCloseTo(0.5, 12);
    const unlimited = node(Infinity);
    const r2 = replica(unlimited, 1, 1, { interference: 0.5 });
    unlimited.demand += 10;
    expect(progressRate(r2)).toBe(1);
  });
});
