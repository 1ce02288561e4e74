import { describe, expect, it } from 'vitest';
import type { Replica, ReplicaExit } from './replica.ts';
import { FAAS_NETES_STRATEGY, minReplicaLabel, rollOut, type RolloutTarget } from './rolling-update.ts';

/** A stand-in replica: ready after `readyAfter` looks of the rollout, stopped on demand. */
class FakeReplica {
  state: 'starting' | 'ready' | 'terminating' | 'exited' = 'starting';
  readyAt: number | undefined;
  private exit!: (e: ReplicaExit) => void;
  readonly exited = new Promise<ReplicaExit>((resolve) => (this.exit = resolve));
  constructor(
    readonly id: string,
    public readyAfter: number,
  ) {
    if (readyAfter === 0) this.becomeReady();
  }
  get ready() {
    return this.state === 'ready';
  }
  becomeReady() {
    this.state = 'ready';
    this.readyAt = Date.now();
  }
  tick() {
    if (this.state === 'starting' && --this.readyAfter <= 0) this.becomeReady();
  }
  die(reason?: string) {
    this.state = 'exited';
    this.exit({ code: reason ? 0 : 1, signal: null, reason });
  }
}

/** A function of `desired` ready replicas under a rollout; records what it saw at each look. */
function fleet(desired: number, options: { readyAfter?: number; crashFirst?: number } = {}) {
  let seq = 0;
  let crashes = options.crashFirst ?? 0;
  const replicas: FakeReplica[] = Array.from({ length: desired }, () => new FakeReplica(`old-${++seq}`, 0));
  const old = new Set(replicas as unknown as Replica[]);
  const seen: Array<{ live: number; ready: number }> = [];
  let want = desired;
  const live = () => replicas.filter((r) => r.state !== 'terminating' && r.state !== 'exited');
  const target: RolloutTarget = {
    desired: () => want,
    live: () => {
      for (const r of replicas) r.tick();
      // A crashing new replica dies before it is ever ready.
      for (const r of replicas) if (r.id.startsWith('new') && r.state === 'starting' && crashes > 0 && r.readyAfter <= 1) (crashes--, r.die());
      const l = live();
      seen.push({ live: l.length, ready: l.filter((r) => r.ready).length });
      return l as unknown as Replica[];
    },
    async startNew() {
      const r = new FakeReplica(`new-${++seq}`, options.readyAfter ?? 3);
      replicas.push(r);
      return r as unknown as Replica;
    },
    stop: (r) => (r as unknown as FakeReplica).die('stopped'),
    current: () => true,
  };
  return { target, old, seen, replicas, setDesired: (n: number) => (want = n), live };
}

describe('rollOut', () => {
  it("rollOut() takes faas-netes' strategy: maxSurge 1, maxUnavailable 0", () => {
    expect(FAAS_NETES_STRATEGY).toEqual({ maxSurge: 1, maxUnavailable: 0 });
  });

  it.each([1, 3])('rollOut() replaces %i replicas one at a time, never with fewer ready than asked for nor more than one extra', async (desired) => {
    const f = fleet(desired);
    await rollOut(f.target, f.old, { pollMs: 1, retryDelayMs: 1 });
    expect(f.live().map((r) => r.id.replace(/-\d+$/, ''))).toEqual(Array(desired).fill('new'));
    expect(Math.min(...f.seen.map((s) => s.ready))).toBeGreaterThanOrEqual(desired);
    expect(Math.max(...f.seen.map((s) => s.live))).toBe(desired + 1);
  });

  it('rollOut() keeps the old replicas serving while new ones crash, and retries after a back-off', async () => {
    const f = fleet(1, { crashFirst: 2 });
    await rollOut(f.target, f.old, { pollMs: 1, retryDelayMs: 5 });
    expect(f.replicas.filter((r) => r.id.startsWith('new') && r.readyAt === undefined)).toHaveLength(2);
    expect(f.live().map((r) => r.id)).toEqual(['new-4']);
    expect(Math.min(...f.seen.map((s) => s.ready))).toBe(1);
  });

  it('rollOut() stops the old replicas, and starts none, when the function is scaled to zero meanwhile', async () => {
    const f = fleet(2);
    f.setDesired(0);
    await rollOut(f.target, f.old, { pollMs: 1, retryDelayMs: 1 });
    expect(f.live()).toEqual([]);
    expect(f.replicas.filter((r) => r.id.startsWith('new'))).toEqual([]);
  });

  it('rollOut() ends at once when a newer update takes over', async () => {
    const f = fleet(1);
    let looks = 0;
    await rollOut({ ...f.target, current: () => ++looks < 3 }, f.old, { pollMs: 1, retryDelayMs: 1 });
    expect(looks).toBe(3);
    expect(f.live().some((r) => r.id.startsWith('old'))).toBe(true);
  });
});

describe('minReplicaLabel', () => {
  it('minReplicaLabel() is com.openfaas.scale.min when a positive integer, else undefined (faas-netes getMinReplicaCount)', () => {
    expect(minReplicaLabel({ 'com.openfaas.scale.min': '2' })).toBe(2);
    for (const labels of [{} as Record<string, string>, null, undefined, { 'com.openfaas.scale.min': '0' }, { 'com.openfaas.scale.min': 'x' }]) expect(minReplicaLabel(labels)).toBeUndefined();
  });
});
