// progressRate: processor sharing, the replica's CPU cap and contention curve, and
// interference from busy neighbours, on hand-built replicas.
import { describe, expect, it } from 'vitest';
import { NodeState, progressRate as rateAt, waterLevel } from './node-state.ts';
import { functionConfig } from '../test/helpers.ts';
import { FnState } from './fn-state.ts';
import { Replica } from './replica.ts';

function replica(node: NodeState, f: number, jobs: number, opts: { interference?: number; cpuLimit?: number; slowdown?: number } = {}): Replica {
  const cfg = { ...functionConfig(), cpuLimit: opts.cpuLimit ?? Infinity, slowdown: new Float64Array([1, opts.slowdown ?? 1]), interference: opts.interference ?? 0 };
  const r = new Replica(0, new FnState(cfg, 1), node, 0, 0);
  r.f = f;
  for (let i = 0; i < jobs; i++) r.pushJob(1, i);
  node.demand += jobs * f;
  return r;
}

/** The rate as the cluster computes it: with the node's share level while over-subscribed. */
const progressRate = (r: Replica) => rateAt(r, r.node.demand > r.node.cfg.cores ? waterLevel(r.node) : 1);

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

describe('waterLevel', () => {
  // Replicas on the node's busy list, as the cluster keeps them.
  const busy = (n: NodeState, f: number, jobs: number, cpuLimit = Infinity) => {
    const r = replica(n, f, jobs, { cpuLimit });
    n.busy.push(r);
    return r;
  };

  it('is cores / demand when no replica\'s cap binds', () => {
    const n = node(2);
    busy(n, 1, 2);
    busy(n, 0.5, 2, 4);
    expect(waterLevel(n)).toBe(2 / 3);
  });

  it('gives the cores a capped replica cannot use to the others', () => {
    const n = node(2);
    const capped = busy(n, 1, 4, 1); // asks 4 cores, can use 1
    const other = busy(n, 1, 2); // asks 2
    // Without the cap: 1/3 each. The capped replica takes its 1 core; the other gets the 1 left.
    expect(waterLevel(n)).toBeCloseTo(0.5, 12);
    expect(progressRate(capped) * 4).toBeCloseTo(1, 12); // 4 jobs at 1/4: one core
    expect(progressRate(other) * 2).toBeCloseTo(1, 12); // 2 jobs at 1/2: the other core
  });

  it('caps in turn as the level rises, and never gives a job more than it asks', () => {
    const n = node(4);
    busy(n, 1, 4, 1); // ratio 1/4
    busy(n, 1, 2, 1.2); // ratio 0.6: binds only once the first has been capped
    busy(n, 1, 2);
    // 8 asked on 4 cores: 0.5; the first caps (1 core), 3 left over 4: 0.75 > 0.6, so the second
    // caps too (1.2 cores): 1.8 left for the last replica's 2, level 0.9.
    expect(waterLevel(n)).toBeCloseTo(0.9, 12);
    const all = node(2);
    busy(all, 1, 4, 0.5);
    busy(all, 1, 4, 0.5);
    expect(waterLevel(all)).toBe(1); // both capped at 0.5 core: a core to spare
  });
});
