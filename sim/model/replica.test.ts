// Replica.reuse: a dead replica's object taken for a new one must be indistinguishable from
// a fresh replica, except for what must survive (its id, its rising generations, its job
// buffers' capacity).
import { describe, expect, it } from 'vitest';
import { functionConfig } from '../test/helpers.ts';
import { FnState } from './fn-state.ts';
import { NodeState } from './node-state.ts';
import { DEAD, Replica } from './replica.ts';

const fnA = new FnState(functionConfig({}, 'a'), 1);
const fnB = new FnState(functionConfig({}, 'b'), 1);
const node0 = new NodeState({ name: 'n0', cores: 2, memoryMB: Infinity }, 0);
const node1 = new NodeState({ name: 'n1', cores: 4, memoryMB: Infinity }, 1);

const GENS = ['lifeGen', 'completionGen', 'idleGen'] as const;
// firstTarget mirrors targets[0], so it is kept as the buffers' contents are.
const BUFFERS = ['targets', 'jobs', 'parkedWork', 'parkedJobs', 'firstTarget'];

/** A replica after a busy life: every field moved off its initial value. */
function usedReplica(): Replica {
  const r = new Replica(7, fnA, node0, 1, 3);
  for (let i = 0; i < 9; i++) r.pushJob(i + 1, i); // grows the job heap
  r.park(2, 100);
  r.park(3, 101);
  r.unpark();
  r.advance(5);
  Object.assign(r, {
    state: DEAD, lifeGen: 4, completionGen: 11, idleGen: 2, inflight: 3, firstCallPending: false, readyAt: 2,
    lastDeparture: 6, busySince: 4, busyTime: 9, f: 0.5, rate: 0.25, nextAt: 12, readyIndex: 2, busyIndex: 1,
  });
  return r;
}

function fields(r: Replica): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (!BUFFERS.includes(k) && !(GENS as readonly string[]).includes(k)) out[k] = v;
  return out;
}

describe('Replica.reuse', () => {
  it('leaves every field as a fresh replica has it, keeping the id', () => {
    const r = usedReplica();
    r.reuse(fnB, node1, 20, 42);
    const fresh = new Replica(7, fnB, node1, 20, 42);
    expect(fields(r)).toEqual(fields(fresh));
    expect(Object.keys(r).sort()).toEqual(Object.keys(fresh).sort());
  });

  it('raises every generation, so events and idle entries of the old life never match', () => {
    const r = usedReplica();
    const before = GENS.map((g) => r[g]);
    r.reuse(fnB, node1, 20, 42);
    GENS.forEach((g, i) => expect(r[g]).toBeGreaterThan(before[i]!));
  });

  it('starts with no jobs yet keeps its grown buffers, and its job heap works as new', () => {
    const r = usedReplica();
    r.reuse(fnB, node1, 20, 42);
    expect(r.jobCount).toBe(0);
    expect(r.parkedCount).toBe(0);
    expect(r.callJobs()).toEqual([]);
    r.pushJob(3, 1);
    r.pushJob(1, 2);
    r.pushJob(2, 3);
    expect([r.popJob(), r.popJob(), r.popJob()]).toEqual([2, 3, 1]);
    r.park(1, 9);
    expect(r.unpark()).toBe(9);
  });
});
