// Per-function live state: its replicas, the routable (ready) set, callers held by the
// gateway during scale from zero, and the counters the autoscaler reads.
import type { FunctionConfig } from './config.ts';
import type { Replica } from './replica.ts';

export class FnState {
  readonly replicas: Replica[] = []; // live: starting .. draining
  readonly ready: Replica[] = []; // routable, in no particular order (random routing)
  desired = 0;
  readonly held: number[] = []; // call ids waiting on scale from zero
  polling = false;
  pollCount = 0;
  inflight = 0; // calls admitted by a watchdog, across replicas
  started = 0; // calls dispatched (for rps)
  ok = 0; // calls answered 200 (for the CE alert)
  lastActivity = 0;
  // CE alert state
  alertPendingSince = NaN;
  alertFiring = false;
  lastAlertSend = -Infinity;
  // rate windows: counters at each autoscaler tick
  readonly okRing: Float64Array;
  readonly startedRing: Float64Array;
  ringPos = 0;
  // lambda: idle instances, max-heap by creation order, with lazy deletion. Each entry keeps
  // its own key: a stale entry's replica may since have died and been reused (a new seq).
  readonly idleHeap: Replica[] = [];
  readonly idleHeapGen: number[] = [];
  readonly idleHeapSeq: number[] = [];
  /** lambda: no idle instance of it expires before this (a lower bound, exact after each
   * full look; LambdaInstances.sweepExpired skips the function until then). */
  sweepFrom = Infinity;

  constructor(
    readonly cfg: FunctionConfig,
    ringSize: number,
  ) {
    this.okRing = new Float64Array(ringSize);
    this.startedRing = new Float64Array(ringSize);
  }

  /** Replicas counted against desired: not draining. */
  activeCount(): number {
    let n = 0;
    for (const r of this.replicas) if (r.state !== 4) n++;
    return n;
  }

  pushIdle(r: Replica): void {
    const heap = this.idleHeap;
    const gens = this.idleHeapGen;
    const seqs = this.idleHeapSeq;
    const seq = r.createdSeq;
    let i = heap.length;
    heap.push(r);
    gens.push(r.idleGen);
    seqs.push(seq);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (seqs[p]! >= seq) break;
      heap[i] = heap[p]!;
      gens[i] = gens[p]!;
      seqs[i] = seqs[p]!;
      i = p;
    }
    heap[i] = r;
    gens[i] = r.idleGen;
    seqs[i] = seq;
  }

  /** The most recently created idle instance whose entry is still valid, or null. */
  popIdle(isValid: (r: Replica, gen: number) => boolean): Replica | null {
    const heap = this.idleHeap;
    const gens = this.idleHeapGen;
    const seqs = this.idleHeapSeq;
    while (heap.length) {
      const top = heap[0]!;
      const gen = gens[0]!;
      const lastR = heap.pop()!;
      const lastG = gens.pop()!;
      const lastS = seqs.pop()!;
      const n = heap.length;
      if (n > 0) {
        let i = 0;
        for (;;) {
          let c = 2 * i + 1;
          if (c >= n) break;
          if (c + 1 < n && seqs[c + 1]! > seqs[c]!) c++;
          if (seqs[c]! <= lastS) break;
          heap[i] = heap[c]!;
          gens[i] = gens[c]!;
          seqs[i] = seqs[c]!;
          i = c;
        }
        heap[i] = lastR;
        gens[i] = lastG;
        seqs[i] = lastS;
      }
      if (isValid(top, gen)) return top;
    }
    return null;
  }
}
